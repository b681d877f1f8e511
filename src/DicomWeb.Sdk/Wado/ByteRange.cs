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

    internal void Check()
    {
        if (First < 0 || Last < First)
            throw new ArgumentOutOfRangeException(nameof(First), $"'{First}-{Last}' is not a byte range (0 <= first <= last).");
    }
}
