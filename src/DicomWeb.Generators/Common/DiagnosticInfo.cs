using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DicomWeb.Generators.Common;

/// <summary>
/// A diagnostic as plain values, so it can travel through the incremental pipeline (a
/// <see cref="Diagnostic"/> holds a Location, which is not equatable across runs). Only the
/// diagnostics steps carry these: a spec that held one would change whenever its position did.
/// </summary>
internal sealed record DiagnosticInfo(
    string DescriptorId,
    string Message,
    string FilePath,
    int Start,
    int Length,
    int Line,
    int Column,
    int EndLine,
    int EndColumn)
{
    public Diagnostic ToDiagnostic()
    {
        var location = Location.Create(
            FilePath,
            new TextSpan(Start, Length),
            new LinePositionSpan(new LinePosition(Line, Column), new LinePosition(EndLine, EndColumn)));
        return Diagnostic.Create(Diagnostics.ById(DescriptorId), location, Message);
    }
}
