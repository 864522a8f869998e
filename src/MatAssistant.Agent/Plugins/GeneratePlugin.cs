using MatAssistant.Chemistry;
using MatAssistant.Generation;
using MatAssistant.Screening;
using Microsoft.SemanticKernel;

namespace MatAssistant.Agent.Plugins;

/// <summary>One proposed composition: its screen (verdicts, predictions) and whether it is new.</summary>
public sealed record GeneratedCandidate(ScreenResult Screen, bool? Novel, double LogProbability);

/// <summary>What <c>compositions_generate</c> returns.</summary>
/// <param name="Candidates">Distinct candidates, valid and novel first.</param>
/// <param name="Requested">How many were asked for.</param>
/// <param name="Include">Elements every candidate contains.</param>
/// <param name="Exclude">Elements none contains.</param>
/// <param name="Samples">Samples drawn.</param>
/// <param name="Seconds">Time taken.</param>
/// <param name="Metrics">Figures over all samples drawn.</param>
/// <param name="Filter">The property filter applied, if any.</param>
/// <param name="Note">Anything the user should know (a filter that could not be applied, fewer candidates than asked).</param>
public sealed record GenerateToolResult(
    IReadOnlyList<GeneratedCandidate> Candidates,
    int Requested,
    IReadOnlyList<string> Include,
    IReadOnlyList<string> Exclude,
    int Samples,
    double Seconds,
    GenerationMetrics Metrics,
    string? Filter,
    string? Note);

/// <summary>
/// The <c>compositions_generate</c> tool: validates the request and delegates to the trained composition model
/// (<see cref="CandidateSearch"/>) and the screener. The model is loaded on first use and reused; calls are serialized
/// because a generator samples one request at a time.
/// </summary>
public sealed class GeneratePlugin(Func<CompositionGenerator> loadGenerator, CompositionScreener screener, KnownFormulaSet? known) : IDisposable
{
    /// <summary>Most candidates one call may ask for.</summary>
    public const int MaxCount = 200;

    private readonly Lazy<CompositionGenerator> _generator = new(loadGenerator);
    private readonly Lock _gate = new();

    [KernelFunction("generate")]
    public GenerateToolResult Generate(int count = 10, string[]? include = null, string[]? exclude = null, int? elementCount = null, int? maxElements = null, string? where = null, int seed = 1)
    {
        if (count is < 1 or > MaxCount)
        {
            throw new ArgumentException($"count must be between 1 and {MaxCount}, got {count}.", nameof(count));
        }

        var included = Symbols(include, nameof(include));
        var excluded = Symbols(exclude, nameof(exclude));
        var request = new GenerationRequest(count, seed, new DecodingConstraints(included, excluded, elementCount, maxElements));
        var rules = new CompositionRules(screener.Options.Rules);
        CandidateSet set;
        lock (_gate)
        {
            set = CandidateSearch.Propose(_generator.Value, request, rules, known is null ? null : known.Contains);
        }

        var candidates = set.Candidates
            .Select(c => new GeneratedCandidate(screener.Screen(c.ReducedFormula, c.Composition), c.Novel, c.LogProbability))
            .ToList();
        string? note = null;
        if (!string.IsNullOrWhiteSpace(where))
        {
            note = $"The property filter \"{where}\" could not be applied: no property model is loaded.";
        }

        if (candidates.Count < count)
        {
            note = (note is null ? string.Empty : note + " ") + $"Only {candidates.Count} distinct compositions met the constraints in {set.Samples} samples.";
        }

        return new GenerateToolResult(candidates, count, included, excluded, set.Samples, set.Elapsed.TotalSeconds, set.Metrics, string.IsNullOrWhiteSpace(where) ? null : where, note);
    }

    public void Dispose()
    {
        if (_generator.IsValueCreated)
        {
            _generator.Value.Dispose();
        }
    }

    private static string[] Symbols(string[]? symbols, string name)
    {
        var result = new List<string>();
        foreach (var raw in symbols ?? [])
        {
            var symbol = raw.Trim();
            if (!ElementTable.Default.TryGet(symbol, out _))
            {
                throw new ArgumentException($"'{raw}' in {name} is not an element symbol (e.g. Li, Mn, O).", name);
            }

            if (!result.Contains(symbol))
            {
                result.Add(symbol);
            }
        }

        return [.. result];
    }
}
