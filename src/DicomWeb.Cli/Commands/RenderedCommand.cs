using System.CommandLine;
using System.Globalization;
using DicomWeb.Cli.Output;
using DicomWeb.Client;

namespace DicomWeb.Cli.Commands;

/// <summary>
/// `dicomweb rendered STUDY [SERIES [INSTANCE]] [--frame N] [--out FILE] [--type png]
/// [--window C,W] [--viewport W,H] [--quality Q]`: the server's rendering (PS3.18 10.4.1.1.5) into
/// an image file; a study or series renders to several images, FILE-1.png, FILE-2.png...
/// </summary>
internal static class RenderedCommand
{
    public static Command Create()
    {
        var uids = new Argument<string[]>("uid") { Description = "STUDY [SERIES [INSTANCE]]", Arity = new ArgumentArity(1, 3) };
        var frame = new Option<int?>("--frame", "-f") { Description = "Render this frame of the instance (from 1)" };
        var output = new Option<string?>("--out", "-o") { Description = "The image file; by default the last UID and the media type's extension, in the current folder" };
        var type = new Option<string>("--type") { Description = "The media type: image/jpeg (the default), image/png, image/gif, or jpeg, png, gif", DefaultValueFactory = _ => "image/jpeg" };
        var window = new Option<string?>("--window") { Description = "The VOI window: CENTER,WIDTH" };
        var viewport = new Option<string?>("--viewport") { Description = "The image size: WIDTH,HEIGHT" };
        var quality = new Option<int?>("--quality") { Description = "Quality of a lossy image, 1 to 100" };
        var command = new Command("rendered", "Retrieve a rendered image (WADO-RS) of a study, series, instance or frame into a file") { uids, frame, output, type, window, viewport, quality };
        Verb.SetAction(command, async (parse, cancellationToken) =>
        {
            WadoResource resource = Resources.From(parse.GetValue(uids)!);
            if (parse.GetValue(frame) is int n)
                resource = resource.SopInstanceUid is not null ? resource.Frames(n) : throw new UsageException("--frame needs STUDY SERIES INSTANCE");
            if (parse.GetValue(quality) is int q && q is < 1 or > 100)
                throw new UsageException("--quality is 1 to 100");
            var options = new RenderedOptions
            {
                MediaType = PartFiles.MediaType(parse.GetValue(type)!),
                Window = parse.GetValue(window) is string w ? Pair(w, "--window", "CENTER,WIDTH", (c, width) => new RenderedWindow(c, width)) : null,
                Viewport = parse.GetValue(viewport) is string v ? Pair(v, "--viewport", "WIDTH,HEIGHT", (x, y) => new RenderedViewport(Whole(x), Whole(y))) : null,
                Quality = parse.GetValue(quality),
            };
            using Connection.Lease store = Connection.Open(parse);
            return await WriteImagesAsync("rendered", resource, parse.GetValue(output), store.Client.RetrieveRenderedAsync(resource, options, cancellationToken), cancellationToken);
        });
        return command;
    }

    /// <summary>Each image part to a file: FILE for one, FILE-1, FILE-2... when there are several; the summary on stdout.</summary>
    public static async Task<int> WriteImagesAsync(string what, WadoResource resource, string? output, IAsyncEnumerable<DicomPart> parts, CancellationToken cancellationToken)
    {
        var written = new List<(string File, long Bytes, string MediaType)>();
        string? pending = null;
        await foreach (DicomPart part in parts.WithCancellation(cancellationToken))
        {
            string extension = PartFiles.Extension(part.MediaType);
            string file = output ?? Name(resource) + extension;
            if (written.Count == 1 && pending is not null)
            {
                // A second image: the first becomes FILE-1, as the rest are numbered.
                string first = Numbered(pending, 1);
                File.Move(pending, first, overwrite: true);
                written[0] = written[0] with { File = first };
            }
            if (written.Count > 0)
                file = Numbered(file, written.Count + 1);
            long bytes = await PartFiles.WriteAsync(part, file, cancellationToken);
            written.Add((file, bytes, part.MediaType));
            pending = written.Count == 1 ? file : null;
        }
        if (written.Count == 0)
            return Verb.Fail(ExitCodes.Partial, $"the server sent no {what} image for {resource}", null);
        foreach (var (file, bytes, mediaType) in written)
            Console.Out.WriteLine($"wrote {SafeText.Escape(file)} ({SafeText.Escape(mediaType)}, {bytes} bytes)");
        return ExitCodes.Ok;
    }

    private static string Name(WadoResource resource) =>
        (resource.SopInstanceUid ?? resource.SeriesInstanceUid ?? resource.StudyInstanceUid)
        + (resource.IsFrames ? ".frame-" + string.Join('-', resource.FrameNumbers) : "");

    private static string Numbered(string file, int number) =>
        Path.Combine(Path.GetDirectoryName(file) ?? "", Path.GetFileNameWithoutExtension(file) + "-" + number.ToString(CultureInfo.InvariantCulture) + Path.GetExtension(file));

    private static T Pair<T>(string text, string option, string form, Func<double, double, T> make)
    {
        string[] values = text.Split(',');
        if (values.Length == 2
            && double.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
            && double.TryParse(values[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double b))
        {
            try
            {
                return make(a, b);
            }
            catch (ArgumentException)
            {
            }
        }
        throw new UsageException($"{option} takes {form}, not '{text}'");
    }

    private static int Whole(double value) =>
        value is >= 1 and <= 65535 && value == Math.Floor(value) ? (int)value : throw new ArgumentException("not a size");
}
