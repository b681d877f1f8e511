using System.Runtime.ExceptionServices;

namespace DicomWeb.Hosting;

/// <summary>
/// What is kept of an exception a bearer token provider threw: its type and stack trace, not its
/// message nor its inner exceptions. Everything that handles the failure afterwards (the
/// HttpClient's logging handlers, the caller's logs of the DicomWebException, a tracer recording
/// it) writes the whole chain, and a provider's text may quote a client secret or an identity
/// provider's answer. The provider's own exception is for the provider's own logging.
/// </summary>
internal sealed class TokenProviderFailure : Exception
{
    private TokenProviderFailure(string message)
        : base(message)
    {
    }

    public static TokenProviderFailure From(Exception providerException, string clientName)
    {
        string type = providerException.GetType().FullName ?? providerException.GetType().Name;
        var failure = new TokenProviderFailure($"the token provider of DICOMweb client \"{clientName}\" threw {type}; its message is left out, and its stack trace follows");
        if (providerException.StackTrace is string stackTrace)
            ExceptionDispatchInfo.SetRemoteStackTrace(failure, stackTrace);
        return failure;
    }
}
