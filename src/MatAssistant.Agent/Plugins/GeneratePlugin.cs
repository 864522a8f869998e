using MatAssistant.Chemistry;
using MatAssistant.Generation;
using MatAssistant.Screening;
using MatAssistant.Screening.Ranking;
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

    /// <summary>How many candidates are drawn per requested one when a property filter must be met.</summary>
    private const int FilterOversampling = 5;

    /// <summary>Candidates shown when none meets the filter.</summary>
    private const int ClosestShown = 5;

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
        var predictor = screener.Options.Predictor;
        PropertyFilter? filter = null;
        string? note = null;
        if (!string.IsNullOrWhiteSpace(where))
        {
            if (predictor is null || predictor.Names.Count == 0)
            {
                note = $"The property filter \"{where}\" could not be applied: no property model is loaded.";
            }
            else
            {
                filter = PropertyFilter.Parse(where, predictor.Names);
                var absent = filter.Properties.Where(p => !predictor.Names.Contains(p)).ToArray();
                if (absent.Length > 0)
                {
                    throw new ArgumentException($"The filter uses {string.Join(", ", absent)}, but no model for it is loaded; available: {string.Join(", ", predictor.Names)}.", nameof(where));
                }
            }
        }

        // With a filter, draw several times more candidates than asked, then keep the best-ranked that meet it.
        var drawn = filter is null ? count : Math.Min(count * FilterOversampling, MaxCount * FilterOversampling);
        var request = new GenerationRequest(drawn, seed, new DecodingConstraints(included, excluded, elementCount, maxElements));
        var rules = new CompositionRules(screener.Options.Rules);
        CandidateSet set;
        lock (_gate)
        {
            set = CandidateSearch.Propose(_generator.Value, request, rules, known is null ? null : known.Contains);
        }

        var novelty = set.Candidates.ToDictionary(c => c.ReducedFormula, c => (c.Novel, c.LogProbability), StringComparer.Ordinal);
        var screened = set.Candidates.Select(c => screener.Screen(c.ReducedFormula, c.Composition)).ToList();
        if (filter is not null)
        {
            var objectives = RankingOptions.ForFilter(filter);
            if (!predictor!.Names.Contains("formation_energy"))
            {
                objectives = objectives with { Objectives = [.. objectives.Objectives.Where(o => o.Property != "formation_energy")] };
            }

            var matching = CandidateRanker.FilterAndRank(screened, objectives).Select(r => r.Result).Take(count).ToList();
            if (matching.Count == 0 && screened.Count > 0)
            {
                // Nothing is predicted to meet the filter: show the closest few, and say so, rather than an empty table.
                note = $"None of the {screened.Count} distinct compositions drawn is predicted to meet \"{filter.Text}\"; the {Math.Min(ClosestShown, count)} closest (by the probability that the filter holds) are shown instead.";
                matching = CandidateRanker.Rank(screened, objectives).Select(r => r.Result).Take(Math.Min(ClosestShown, count)).ToList();
                screened = matching;
                var result = screened.Select(r => new GeneratedCandidate(r, novelty[r.Formula].Novel, novelty[r.Formula].LogProbability)).ToList();
                return new GenerateToolResult(result, count, included, excluded, set.Samples, set.Elapsed.TotalSeconds, set.Metrics, filter.Text, note);
            }

            screened = matching;
        }

        var candidates = screened.Select(r => new GeneratedCandidate(r, novelty[r.Formula].Novel, novelty[r.Formula].LogProbability)).ToList();
        if (candidates.Count < count)
        {
            note = (note is null ? string.Empty : note + " ") + (filter is null
                ? $"Only {candidates.Count} distinct compositions met the constraints in {set.Samples} samples."
                : $"Only {candidates.Count} of {set.Candidates.Count} distinct compositions drawn met the filter \"{filter.Text}\".");
        }

        return new GenerateToolResult(candidates, count, included, excluded, set.Samples, set.Elapsed.TotalSeconds, set.Metrics, filter?.Text, note);
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
