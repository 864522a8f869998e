using System.Globalization;
using MatAssistant.Application.Solving;
using Microsoft.SemanticKernel;

namespace MatAssistant.Agent.Plugins;

/// <summary>
/// The <c>equations_solve</c> tool: turns the arguments into a <see cref="SolveRequest"/> with a plot in
/// <paramref name="plotDirectory"/> and delegates to <see cref="SolveProblem"/>.
/// </summary>
public sealed class SolvePlugin(SolveProblem solve, string plotDirectory)
{
    // Process-wide: the web and MCP servers hold one plugin per conversation, and two conversations must never write the same plot.
    private static int _plots;

    [KernelFunction("solve")]
    public Task<SolveResult> SolveAsync(
        string[]? equations = null,
        string[]? parameters = null,
        string[]? initial = null,
        double t0 = 0,
        double? t1 = null,
        string? template = null,
        string[]? queries = null,
        string[]? quantities = null,
        string? timeUnit = null,
        bool extendToAnswer = false,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(plotDirectory);
        var plot = Path.Combine(plotDirectory, string.Create(CultureInfo.InvariantCulture, $"solution-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}-{Interlocked.Increment(ref _plots)}.png"));
        var given = quantities is null ? null : MatAssistant.Ode.Assignments.Parse(quantities, "quantity").Select(p => new GivenQuantity(p.Key, p.Value, null, p.Value)).ToList();
        var request = new SolveRequest(
            equations, template, parameters, given, initial, t0, t1, queries?.Select(SolveQueryText.Parse).ToList(), Plot: plot, TimeUnit: timeUnit, ExtendToAnswer: extendToAnswer);
        return solve.RunAsync(request, cancellationToken);
    }
}
