using System.CommandLine;
using MatAssistant.Web;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist mcp</c>: the four tools, the corpus documents and the answer style over MCP on stdio, for an MCP-capable LLM app.</summary>
internal static class McpCommand
{
    public static Command Create()
    {
        var command = new Command("mcp", "Run a Model Context Protocol server on stdio: the four tools, the corpus documents as resources, the answer-style prompt.");
        command.Add(AssistantFactory.Corpus);
        command.SetAction(async (parse, cancellationToken) =>
        {
            // stdout is the protocol's: the index's progress goes to stderr.
            using var resources = AssistantFactory.OpenResources(parse, parse.InvocationConfiguration.Error);
            await McpStdio.RunAsync(resources, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
