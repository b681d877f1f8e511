using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using StudyService.Logging;

namespace StudyService.Startup;

/// <summary>
/// A start that failed, as the one line the service prints on stderr before it exits with code 1:
/// what failed (the setting, file or address) and what to do. Values of settings are not quoted:
/// a base address may carry credentials.
/// </summary>
public static partial class StartFailure
{
    public const string Prefix = "StudyService: cannot start: ";

    public static string Describe(Exception e) => LogText.Escape(Prefix + What(e));

    private static string What(Exception e)
    {
        if (e is OptionsValidationException invalid)
            return string.Join(" ", invalid.Failures);
        if (e is InvalidOperationException && BinderFailure().Match(e.Message) is { Success: true } binder)
            return $"{binder.Groups["key"].Value} is not a valid {Friendly(binder.Groups["type"].Value)}: correct it in the environment or appsettings.json.";
        if (e is InvalidOperationException)
            return e.Message;   // the service's own checks, and the platform's, name the setting (an inner FormatException would quote its value)
        if (Find<AddressInUseException>(e) is not null)
            return $"{e.Message} Stop the process that listens there, or set ASPNETCORE_URLS to another address.";
        if (e is InvalidDataException)
            return Chain(e, withType: false);   // appsettings.json that does not parse: the file, then the parser's line and position
        return Chain(e, withType: true);   // anything else: the messages of the chain, which name what failed
    }

    private static string Chain(Exception e, bool withType)
    {
        var messages = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
            messages.Add(x == e && withType ? $"{x.GetType().Name}: {x.Message}" : x.Message);
        return string.Join(" ", messages);
    }

    private static T? Find<T>(Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is T found)
                return found;
        }
        return null;
    }

    private static string Friendly(string type) => type switch
    {
        "System.Int32" => "whole number",
        "System.Int64" => "whole number",
        "System.Boolean" => "boolean (true or false)",
        "System.TimeSpan" => "time span (hh:mm:ss)",
        "System.Uri" => "URI",
        _ => type,
    };

    // Microsoft.Extensions.Configuration.Binder's message quotes the value; only the key and the type are kept.
    [GeneratedRegex(@"^Failed to convert configuration value .* at '(?<key>[^']*)' to type '(?<type>[^']*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex BinderFailure();
}
