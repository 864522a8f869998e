using MatAssistant.Application.Literature;
using Microsoft.SemanticKernel;

namespace MatAssistant.Agent.Plugins;

/// <summary>The <c>literature_retrieve</c> tool: validates the arguments and delegates to <see cref="RetrieveLiterature"/>.</summary>
public sealed class RetrievePlugin(RetrieveLiterature retrieve)
{
    [KernelFunction("retrieve")]
    public Task<RetrieveResult> RetrieveAsync(string query, int top = RetrieveRequest.DefaultTop, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query, nameof(query));
        return retrieve.RunAsync(new RetrieveRequest(query, top), cancellationToken);
    }
}
