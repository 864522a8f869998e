using MatAssistant.Agent.Orchestration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MatAssistant.Web;

/// <summary><c>matassist mcp</c>: the MCP server on stdin/stdout (JSON-RPC), logging to stderr only, until the client closes stdin.</summary>
public static class McpStdio
{
    public static async Task RunAsync(AssistantResources resources, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = McpSurface.ServerName, ContentRootPath = AppContext.BaseDirectory });
        // stdout carries the protocol: every log line goes to stderr.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMcpServer(o => o.ServerInfo = new() { Name = McpSurface.ServerName, Version = typeof(McpStdio).Assembly.GetName().Version?.ToString() ?? "1" })
            .WithStdioServerTransport()
            .WithMatAssistant(resources);
        using var host = builder.Build();
        await host.RunAsync(cancellationToken);
    }
}
