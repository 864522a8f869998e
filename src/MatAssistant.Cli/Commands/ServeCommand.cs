using System.CommandLine;
using MatAssistant.Application;
using MatAssistant.Web;
using Microsoft.Extensions.Hosting;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist serve</c>: the chat page, the REST endpoints and MCP over HTTP, on 127.0.0.1 unless --host says otherwise.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var defaults = new WebServerOptions();
        var host = new Option<string>("--host") { Description = $"Address to listen on (default {defaults.Host}; 0.0.0.0 exposes your data to the network).", DefaultValueFactory = _ => defaults.Host };
        var port = new Option<int>("--port") { Description = $"TCP port (default {defaults.Port}).", DefaultValueFactory = _ => defaults.Port };
        var timeout = new Option<double>("--request-timeout") { Description = $"Seconds a request may run before it is answered 504 (default {defaults.RequestSeconds}).", DefaultValueFactory = _ => defaults.RequestSeconds };
        var command = new Command("serve", "Serve the chat page, the REST API (/api/ask, /api/screen, …) and MCP over HTTP (/mcp).") { host, port, timeout };
        AssistantFactory.AddOptions(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = defaults with { Host = parse.GetValue(host)!, Port = parse.GetValue(port), RequestSeconds = parse.GetValue(timeout) };
            if (options.RequestSeconds is not (> 0 and <= 3600))
            {
                throw new UsageException("--request-timeout must be between 0 and 3600 seconds.");
            }

            var error = parse.InvocationConfiguration.Error;
            var settings = AssistantFactory.Settings(parse);
            AssistantFactory.CreateBrain(settings).Dispose();
            using var resources = AssistantFactory.OpenResources(parse, error);
            await using var app = MatAssistWeb.Build(options, resources, settings);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                throw new UsageException($"cannot listen on {options.Host}:{options.Port}: {e.Message} Give another --port.");
            }

            foreach (var url in app.Urls)
            {
                error.WriteLine($"matassist: serving {url} ({settings.BackendName} backend; MCP at {url}/mcp). Ctrl+C stops.");
            }

            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
