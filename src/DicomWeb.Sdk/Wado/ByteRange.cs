using System.Globalization;

namespace DicomWeb.Client;

/// <summary>A byte range of bulk data (RFC 9110 14.1.2): from <paramref name="First"/> to <paramref name="Last"/> inclusive, or to the end when Last is null.</summary>
public readonly record struct ByteRange(long First, long? Last = null)
{
    /// <summary>The Range header value, e.g. "bytes=0-1023".</summary>
    /// <exception cref="ArgumentOutOfRangeException">First is negative or Last is before First.</exception>
    public override string ToString()
    {
        Check();
        return string.Create(CultureInfo.InvariantCulture, $"bytes={First}-{Last}");
    }

    /// <summary>
    /// Refuses a range that is not one, as every store checks a range given to it (the HTTP client
    /// before any request, the folder store before reading a byte).
    /// </summary>
    /// <param name="paramName">The argument the range came in, named in the exception (null: First).</param>
    /// <exception cref="ArgumentOutOfRangeException">First is negative or Last is before First.</exception>
    public void Check(string? paramName = null)
    {
        if (First < 0 || Last < First)
            throw new ArgumentOutOfRangeException(paramName ?? nameof(First), $"'{First}-{Last}' is not a byte range (0 <= first <= last).");
    }
}
