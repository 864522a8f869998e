using MatAssistant.Application.Screening;
using Microsoft.SemanticKernel;

namespace MatAssistant.Agent.Plugins;

/// <summary>The <c>compositions_screen</c> tool: validates the arguments and delegates to <see cref="ScreenFormulas"/>.</summary>
public sealed class ScreenPlugin(ScreenFormulas screen)
{
    /// <summary>Most formulas one call may screen.</summary>
    public const int MaxFormulas = 200;

    [KernelFunction("screen")]
    public Task<ScreenResponse> ScreenAsync(string[] formulas, bool mixedValence = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(formulas);
        if (formulas.Length is 0 or > MaxFormulas)
        {
            throw new ArgumentException($"Give between 1 and {MaxFormulas} formulas; {formulas.Length} were given.", nameof(formulas));
        }

        return screen.RunAsync(new ScreenRequest(formulas, MixedValence: mixedValence), cancellationToken);
    }
}
