using System.Globalization;
using System.Text;

namespace DicomWeb.Client;

/// <summary>
/// What a rendered retrieve asks for (PS3.18 Table 8.3.5-1): the image media type and the query
/// parameters window, viewport, quality, iccprofile and annotation. Unset parameters are not sent,
/// so the server's defaults apply.
/// </summary>
/// <example><code>
/// var options = new RenderedOptions
/// {
///     MediaType = "image/png",
///     Window = new RenderedWindow(40, 400),
///     Viewport = new RenderedViewport(256, 256),
/// };
/// await foreach (DicomPart image in client.RetrieveRenderedAsync(instance, options)) { }
/// </code></example>
public sealed record RenderedOptions
{
    /// <summary>The defaults: image/jpeg, every parameter left to the server.</summary>
    public static RenderedOptions Default { get; } = new();

    /// <summary>The media type asked for: image/jpeg (the default), image/png, image/gif, image/jp2, video/mp4...</summary>
    public string MediaType { get; init; } = "image/jpeg";

    /// <summary>The VOI window applied before rendering.</summary>
    public RenderedWindow? Window { get; init; }

    /// <summary>The size of the image and the region of the source it shows.</summary>
    public RenderedViewport? Viewport { get; init; }

    /// <summary>Quality of a lossy image, 1 to 100.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 1..100.</exception>
    public int? Quality
    {
        get => _quality;
        init => _quality = value is null or (>= 1 and <= 100) ? value : throw new ArgumentOutOfRangeException(nameof(Quality), value, "The rendered quality is 1 to 100 (PS3.18 8.3.5.1.4).");
    }

    private readonly int? _quality;

    /// <summary>The ICC profile of the rendered image.</summary>
    public RenderedIccProfile? IccProfile { get; init; }

    /// <summary>Annotations burnt into the image.</summary>
    public RenderedAnnotation Annotation { get; init; }

    /// <summary>The query string, without "?", e.g. "window=40,400,linear&amp;viewport=256,256"; empty when nothing is set.</summary>
    public string ToQueryString()
    {
        var parts = new List<string>();
        if (Window is { } window)
            parts.Add("window=" + window);
        if (Viewport is { } viewport)
            parts.Add("viewport=" + viewport);
        if (Quality is int quality)
            parts.Add("quality=" + quality.ToString(CultureInfo.InvariantCulture));
        if (IccProfile is { } profile)
            parts.Add("iccprofile=" + profile.ToString().ToLowerInvariant());
        if (Annotation != RenderedAnnotation.None)
        {
            var names = new List<string>();
            if (Annotation.HasFlag(RenderedAnnotation.Patient))
                names.Add("patient");
            if (Annotation.HasFlag(RenderedAnnotation.Technique))
                names.Add("technique");
            parts.Add("annotation=" + string.Join(',', names));
        }
        return string.Join('&', parts);
    }
}

/// <summary>A VOI window: center and width in the units of the pixel values after the modality LUT, and the VOI LUT function.</summary>
public readonly record struct RenderedWindow(double Center, double Width, VoiLutFunction Function = VoiLutFunction.Linear)
{
    /// <summary>"center,width,function", e.g. "40,400,linear".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Center},{Width},{Function switch { VoiLutFunction.LinearExact => "linear-exact", VoiLutFunction.Sigmoid => "sigmoid", _ => "linear" }}");
}

/// <summary>The VOI LUT functions of PS3.3 C.11.2.1.3.</summary>
public enum VoiLutFunction
{
    /// <summary>LINEAR.</summary>
    Linear,
    /// <summary>LINEAR_EXACT.</summary>
    LinearExact,
    /// <summary>SIGMOID.</summary>
    Sigmoid,
}

/// <summary>
/// The viewport: the rendered image's width and height, and optionally the source region (its
/// top-left corner and size; a negative size flips the image). Unset source values stay empty
/// between commas, as PS3.18 8.3.5.1.3 asks.
/// </summary>
public readonly record struct RenderedViewport(int Width, int Height, int? SourceX = null, int? SourceY = null, int? SourceWidth = null, int? SourceHeight = null)
{
    /// <summary>"vw,vh" or "vw,vh,sx,sy,sw,sh" with unset values empty.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{Width},{Height}"));
        if (SourceX is not null || SourceY is not null || SourceWidth is not null || SourceHeight is not null)
        {
            foreach (int? value in new[] { SourceX, SourceY, SourceWidth, SourceHeight })
                text.Append(',').Append(value?.ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}

/// <summary>The iccprofile values of PS3.18 8.3.5.1.5.</summary>
public enum RenderedIccProfile
{
    /// <summary>No profile.</summary>
    No,
    /// <summary>The profile of the instance.</summary>
    Yes,
    /// <summary>sRGB.</summary>
    Srgb,
    /// <summary>Adobe RGB.</summary>
    AdobeRgb,
    /// <summary>ROMM RGB.</summary>
    RommRgb,
}

/// <summary>The annotation values of PS3.18 8.3.5.1.1.</summary>
[Flags]
public enum RenderedAnnotation
{
    /// <summary>No annotation parameter.</summary>
    None = 0,
    /// <summary>Patient information.</summary>
    Patient = 1,
    /// <summary>Technique information.</summary>
    Technique = 2,
}
