using System.CommandLine;
using System.Globalization;
using DicomWeb.Cli.Output;
using DicomWeb.Client;

namespace DicomWeb.Cli.Commands;

/// <summary>
/// `dicomweb thumbnail STUDY [SERIES [INSTANCE]] [--out FILE] [--type png] [--viewport W,H]`: the
/// server's thumbnail (PS3.18 10.4.1.1.6) into an image file. Not every server offers thumbnails
/// (Orthanc's plugin answers 404: exit 1; the folder store 406: exit 3); `dicomweb probe` tells.
/// </summary>
internal static class ThumbnailCommand
{
    public static Command Create()
    {
        var uids = new Argument<string[]>("uid") { Description = "STUDY [SERIES [INSTANCE]]", Arity = new ArgumentArity(1, 3) };
        var output = new Option<string?>("--out", "-o") { Description = "The image file; by default the last UID and the media type's extension, in the current folder" };
        var type = new Option<string>("--type") { Description = "The media type: image/jpeg (the default), image/png, image/gif, or jpeg, png, gif", DefaultValueFactory = _ => "image/jpeg" };
        var viewport = new Option<string?>("--viewport") { Description = "The thumbnail size: WIDTH,HEIGHT" };
        var command = new Command("thumbnail", "Retrieve a thumbnail (WADO-RS) of a study, series or instance into a file") { uids, output, type, viewport };
        Verb.SetAction(command, async (parse, cancellationToken) =>
        {
            WadoResource resource = Resources.From(parse.GetValue(uids)!);
            string mediaType = PartFiles.MediaType(parse.GetValue(type)!);
            RenderedViewport? size = parse.GetValue(viewport) is string v && Size(v) is (int width, int height) ? new RenderedViewport(width, height) : null;
            using Connection.Lease store = Connection.Open(parse);
            try
            {
                return await RenderedCommand.WriteImagesAsync("thumbnail", resource, parse.GetValue(output), store.Client.RetrieveThumbnailAsync(resource, mediaType, size, cancellationToken), cancellationToken);
            }
            catch (DicomWebException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                if (Connection.HttpRoot(parse) is Uri root && await RootCheck.ExplainAsync(store.Client, root, cancellationToken) is Exception explained)
                    throw explained;
                // The root answers: the resource, or thumbnails altogether, are not there (Orthanc's plugin offers none).
                return Verb.Fail(ExitCodes.Partial, $"the server has no thumbnail of {resource} (404; not every server offers thumbnails: dicomweb probe tells, and dicomweb rendered may do): {e.Url}", null);
            }
        });
        return command;
    }

    private static (int, int) Size(string text)
    {
        string[] values = text.Split(',');
        if (values.Length == 2
            && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out int width) && width >= 1
            && int.TryParse(values[1], NumberStyles.None, CultureInfo.InvariantCulture, out int height) && height >= 1)
            return (width, height);
        throw new UsageException($"--viewport takes WIDTH,HEIGHT, not '{text}'");
    }
}
