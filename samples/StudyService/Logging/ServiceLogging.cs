using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace StudyService.Logging;

/// <summary>The console log of the service: the escaping format for every entry, whatever the configuration names.</summary>
public static class ServiceLogging
{
    public static void Add(ILoggingBuilder logging)
    {
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, EscapingConsoleFormatter>());
        // Registered after the configuration's own (Logging:Console), so it wins over a FormatterName there.
        logging.Services.Configure<ConsoleLoggerOptions>(options => options.FormatterName = EscapingConsoleFormatter.FormatterName);
        // A start that fails is reported by Program as one line on stderr; the host's own entry for
        // it would repeat it with a stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        // A request past its deadline is logged by UpstreamLog as one line naming the endpoint; the
        // middleware's own warning would add the canceled call's stack traces.
        logging.AddFilter("Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutsMiddleware", LogLevel.Error);
    }
}
