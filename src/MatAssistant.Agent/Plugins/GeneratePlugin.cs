using MatAssistant.Application.Design;
using Microsoft.SemanticKernel;

namespace MatAssistant.Agent.Plugins;

/// <summary>The <c>compositions_generate</c> tool: turns the arguments into a <see cref="DesignRequest"/> and delegates to <see cref="DesignCandidates"/>.</summary>
public sealed class GeneratePlugin(DesignCandidates design)
{
    /// <summary>Most candidates one call may ask for.</summary>
    public const int MaxCount = 200;

    [KernelFunction("generate")]
    public Task<DesignResult> GenerateAsync(
        int count = DesignRequest.DefaultCount,
        string[]? include = null,
        string[]? includeAny = null,
        string[]? exclude = null,
        string[]? elementsOnly = null,
        int? elementCount = null,
        int? minElements = null,
        int? maxElements = null,
        string? anion = null,
        string? stoichiometry = null,
        string? where = null,
        string? rank = null,
        bool novelOnly = false,
        bool validOnly = true,
        bool mixedValence = true,
        int seed = 1,
        bool listKnown = false,
        bool knownOnly = false,
        CancellationToken cancellationToken = default)
    {
        if (count is < 1 or > MaxCount)
        {
            throw new ArgumentException($"count must be between 1 and {MaxCount}, got {count}.", nameof(count));
        }

        // A group is written "Cl|Br|I" or as a family name ("halogen"): one string per group keeps the tool schema flat.
        var groups = includeAny?.Select(g => (IReadOnlyList<string>)g.Split(['|', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var request = new DesignRequest(
            count, include, groups, exclude, elementsOnly, new ElementCountRange(elementCount, minElements, maxElements), anion, stoichiometry,
            where, rank, novelOnly, validOnly, MixedValence: mixedValence, Seed: seed, ListKnown: listKnown, KnownOnly: knownOnly);
        return design.RunAsync(request, cancellationToken);
    }
}
