namespace DicomWeb.Client;

/// <summary>One read of a response or request body, with the two ways a transport failure is told apart.</summary>
internal static class BodyRead
{
    /// <summary>
    /// Reads into <paramref name="destination"/>. An IOException is <paramref name="broken"/>'s error
    /// (naming where the body broke off), unless the token was canceled: some transports report a
    /// read aborted by the token as an IOException, and it is still a cancellation.
    /// </summary>
    public static async ValueTask<int> ReadAsync(Stream body, Memory<byte> destination, Func<IOException, Exception> broken, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (IOException e)
        {
            throw broken(e);
        }
    }
}
