using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace DicomWeb;

/// <summary>
/// DICOM unique identifiers (PS3.5 chapter 9): the rule every UID follows, and new UIDs made
/// from a UUID under the 2.25 root (PS3.5 B.2), which needs no registered organization root.
/// </summary>
/// <example><code>
/// string study = DicomUid.Generate();            // "2.25.329800735698586629295641978511506172918"
/// bool ok = DicomUid.IsValid(study);             // true
/// bool bad = DicomUid.IsValid("1.2.03");         // false: a component with a leading zero
/// string uid = DicomUid.Check(input);            // ArgumentException naming "input" when it is not a UID
/// </code></example>
public static class DicomUid
{
    /// <summary>The most characters a UID may have (PS3.5 9.1).</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// A new UID: "2.25." followed by a random (version 4) UUID read as one unsigned 128-bit integer
    /// in decimal (PS3.5 B.2, ITU-T X.667), at most 44 characters. Unique without coordination,
    /// and it says nothing about the machine or the time it was made.
    /// </summary>
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[16];
        // The UUID's own byte order (RFC 9562): the integer is the UUID's 128 bits, most significant first.
        Guid.NewGuid().TryWriteBytes(bytes, bigEndian: true, out _);
        UInt128 value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        return "2.25." + value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Whether a text is a UID (PS3.5 9.1): components of digits separated by single dots, none
    /// empty, none with a leading zero (a lone "0" is a component), at most <see cref="MaxLength"/>
    /// characters. Padding is not part of a UID: a trailing NUL or space makes it invalid.
    /// </summary>
    public static bool IsValid(string? uid) => uid is not null && IsValid(uid.AsSpan());

    /// <inheritdoc cref="IsValid(string?)"/>
    public static bool IsValid(ReadOnlySpan<char> uid)
    {
        if (uid.IsEmpty || uid.Length > MaxLength)
            return false;
        int componentStart = 0;
        for (int i = 0; i <= uid.Length; i++)
        {
            if (i < uid.Length && uid[i] != '.')
            {
                if (!char.IsAsciiDigit(uid[i]))
                    return false;
                continue;
            }
            int length = i - componentStart;
            if (length == 0 || (length > 1 && uid[componentStart] == '0'))
                return false;
            componentStart = i + 1;
        }
        return true;
    }

    /// <summary>The UID itself when it is valid (<see cref="IsValid(string?)"/>), for checking an argument in an expression.</summary>
    /// <param name="uid">The text to check.</param>
    /// <param name="paramName">The parameter named by the exception; by default the argument's expression.</param>
    /// <exception cref="ArgumentException">The text is not a DICOM UID; the message quotes it (cut to 80 characters).</exception>
    public static string Check(string? uid, [CallerArgumentExpression(nameof(uid))] string? paramName = null) =>
        IsValid(uid) ? uid! : throw new ArgumentException($"'{Shown(uid)}' is not a DICOM UID (digits and dots, no empty component or leading zero, at most {MaxLength} characters).", paramName);

    private static string Shown(string? text) => text is null ? "null" : text.Length <= 80 ? text : text[..80] + "…";
}
