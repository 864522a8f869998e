using System.Text.Json;
using MatAssistant.Agent.Orchestration;
using MatAssistant.Agent.Prompts;
using MatAssistant.Application;
using MatAssistant.Literature;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace MatAssistant.Web;

/// <summary>
/// What the MCP server publishes, for stdio (<c>matassist mcp</c>) and streamable HTTP (<c>/mcp</c> under serve) alike:
/// the kernel's four tools with their own names, descriptions and parameter schemas (each built from the kernel's
/// function, so there is one definition of a tool), the corpus documents as resources, and the answer style as a prompt.
/// </summary>
public static class McpSurface
{
    /// <summary>The server's name in the MCP handshake.</summary>
    public const string ServerName = "matassist";

    /// <summary>The URI scheme of the corpus resources: <c>matassist://corpus/NAME</c>.</summary>
    public const string ResourcePrefix = "matassist://corpus/";

    /// <summary>The name of the answer-style prompt.</summary>
    public const string AnswerStylePrompt = "answer_style";

    /// <summary>Adds the tools, resources and prompt of <paramref name="resources"/> to an MCP server.</summary>
    public static IMcpServerBuilder WithMatAssistant(this IMcpServerBuilder builder, AssistantResources resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return builder.WithTools(Tools(resources))
            .WithListResourcesHandler((_, _) => ValueTask.FromResult(new ListResourcesResult { Resources = Resources(resources.CurrentIndex()) }))
            .WithReadResourceHandler((request, _) => ValueTask.FromResult(Read(resources.CurrentIndex(), request.Params?.Uri)))
            .WithPrompts([Prompt(resources.Prompts)]);
    }

    /// <summary>
    /// One MCP tool per kernel function, named <c>plugin_function</c> as the brains see it, with the function's own
    /// description and schema; each call runs on the kernel over the latest index, its result in the contracts' JSON.
    /// </summary>
    public static IReadOnlyList<McpServerTool> Tools(AssistantResources resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var kernel = resources.CurrentKernel();
        return [.. kernel.Plugins.SelectMany(plugin => plugin.Select(function => McpServerTool.Create(
            new KernelTool(function, plugin.Name, resources),
            new McpServerToolCreateOptions
            {
                Name = $"{plugin.Name}_{function.Name}",
                Description = function.Description,
                SerializerOptions = ContractJson.Options,
                ReadOnly = true,
                OpenWorld = false,
            })))];
    }

    /// <summary>Every indexed document as a text resource.</summary>
    public static List<Resource> Resources(LiteratureIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return [.. index.Documents.Select(d => new Resource
        {
            Uri = ResourcePrefix + Uri.EscapeDataString(d.Name),
            Name = d.Name,
            Title = d.Title,
            Description = $"{d.Title} ({d.Language}): the text the assistant cites, as indexed.",
            MimeType = "text/plain",
        })];
    }

    private static ReadResourceResult Read(LiteratureIndex index, string? uri)
    {
        var name = uri is not null && uri.StartsWith(ResourcePrefix, StringComparison.Ordinal) ? Uri.UnescapeDataString(uri[ResourcePrefix.Length..]) : null;
        var text = (name is null ? null : index.DocumentText(name))
            ?? throw new McpProtocolException($"no document '{uri}' in the index: resources/list names them ({ResourcePrefix}NAME).", McpErrorCode.InvalidParams);
        return new ReadResourceResult { Contents = [new TextResourceContents { Uri = uri!, MimeType = "text/plain", Text = text }] };
    }

    /// <summary>prompts/answer_style.md as the prompt <c>answer_style</c>, so a client's model writes answers as ours do.</summary>
    public static McpServerPrompt Prompt(PromptLibrary prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        return McpServerPrompt.Create(
            () => prompts.AnswerStyle,
            new McpServerPromptCreateOptions
            {
                Name = AnswerStylePrompt,
                Title = "MatAssistant answer style",
                Description = "How MatAssistant writes answers: cite the corpus verbatim as [n], say how the request was read, report tool results with their units.",
            });
    }

    /// <summary>
    /// The kernel's function run as the assistant runs it, its result the use case's record, written in the contracts' JSON
    /// (the kernel's own AIFunction path would hand the SDK camelCase JSON without nulls). A failed call is answered with
    /// the message the assistant's brain would get, where the SDK would hide it behind a generic error.
    /// </summary>
    private sealed class KernelTool(KernelFunction function, string plugin, AssistantResources resources) : DelegatingAIFunction(function)
    {
        public override JsonSerializerOptions JsonSerializerOptions => ContractJson.Options;

        protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
        {
            try
            {
                var kernel = resources.CurrentKernel();
                var current = kernel.Plugins.GetFunction(plugin, function.Name);
                var result = await current.InvokeAsync(kernel, new KernelArguments(arguments.ToDictionary(a => a.Key, a => a.Value)), cancellationToken);
                return result.GetValue<object>();
            }
            catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException or McpException))
            {
                throw new McpException(ToolFailure.Message(e), e);
            }
        }
    }
}
