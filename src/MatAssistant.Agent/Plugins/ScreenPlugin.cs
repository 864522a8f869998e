using MatAssistant.Screening;
using Microsoft.SemanticKernel;

namespace MatAssistant.Agent.Plugins;

/// <summary>What <c>compositions_screen</c> returns.</summary>
public sealed record ScreenToolResult(IReadOnlyList<ScreenResult> Results);

/// <summary>The <c>compositions_screen</c> tool: validates the request and delegates to <see cref="CompositionScreener"/>.</summary>
public sealed class ScreenPlugin(CompositionScreener screener)
{
    /// <summary>Most formulas one call may screen.</summary>
    public const int MaxFormulas = 200;

    [KernelFunction("screen")]
    public ScreenToolResult Screen(string[] formulas)
    {
        ArgumentNullException.ThrowIfNull(formulas);
        if (formulas.Length == 0)
        {
            throw new ArgumentException("Give at least one formula to screen.", nameof(formulas));
        }

        if (formulas.Length > MaxFormulas)
        {
            throw new ArgumentException($"At most {MaxFormulas} formulas can be screened in one call; {formulas.Length} were given.", nameof(formulas));
        }

        return new ScreenToolResult(screener.ScreenBatch(formulas));
    }
}
