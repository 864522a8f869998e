using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MatAssistant.Screening.Ranking;

/// <summary>Whether an objective is to be made small or large.</summary>
public enum ObjectiveDirection
{
    Minimize,
    Maximize,
}

/// <summary>One ranking objective: a prediction (<c>formation_energy:min</c>) or the probability of meeting the filter (<c>filter</c>).</summary>
/// <param name="Property">Prediction name, or <see cref="FilterProbability"/>.</param>
/// <param name="Direction">Minimise or maximise.</param>
public sealed record Objective(string Property, ObjectiveDirection Direction)
{
    /// <summary>The objective "probability that the filter holds" (always maximised).</summary>
    public const string FilterProbability = "filter_probability";

    /// <summary>Parses <c>name:min</c>, <c>name:max</c> or <c>filter</c>, separated by commas; throws <see cref="FormatException"/> with a one-line message.</summary>
    public static IReadOnlyList<Objective> ParseList(string text, IReadOnlyCollection<string> properties)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(properties);
        var result = new List<Objective>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Equals("filter", StringComparison.OrdinalIgnoreCase) || part.Equals(FilterProbability, StringComparison.OrdinalIgnoreCase))
            {
                result.Add(new Objective(FilterProbability, ObjectiveDirection.Maximize));
                continue;
            }

            var pieces = part.Split(':', StringSplitOptions.TrimEntries);
            if (pieces.Length != 2 || !properties.Contains(pieces[0]) || pieces[1].ToLowerInvariant() is not ("min" or "max"))
            {
                throw new FormatException($"objective '{part}' should be NAME:min or NAME:max with NAME one of {string.Join(", ", properties)}, or 'filter'.");
            }

            result.Add(new Objective(pieces[0], pieces[1].Equals("min", StringComparison.OrdinalIgnoreCase) ? ObjectiveDirection.Minimize : ObjectiveDirection.Maximize));
        }

        return result.Count > 0 ? result : throw new FormatException("give at least one objective, e.g. formation_energy:min,band_gap:max.");
    }
}

/// <summary>Options of <see cref="CandidateRanker"/>.</summary>
/// <param name="Objectives">What to optimise (at least one).</param>
/// <param name="Filter">The filter whose probability the <see cref="Objective.FilterProbability"/> objective uses (and that <see cref="CandidateRanker.FilterAndRank"/> applies).</param>
/// <param name="Kappa">Pessimism in σ: a minimised value counts as mean + κσ, a maximised one as mean − κσ (default 1).</param>
/// <param name="OutOfDistributionSigmaFactor">σ of an out-of-distribution prediction is multiplied by this before ranking (default 2).</param>
public sealed record RankingOptions(IReadOnlyList<Objective> Objectives, PropertyFilter? Filter = null, double Kappa = 1.0, double OutOfDistributionSigmaFactor = 2.0)
{
    /// <summary>Default objectives: the filter probability (when there is a filter) and low formation energy.</summary>
    public static RankingOptions ForFilter(PropertyFilter? filter) => new(
        filter is null
            ? [new Objective("formation_energy", ObjectiveDirection.Minimize)]
            : [new Objective(Objective.FilterProbability, ObjectiveDirection.Maximize), new Objective("formation_energy", ObjectiveDirection.Minimize)],
        filter);
}

/// <summary>A ranked candidate.</summary>
/// <param name="Result">The screen result.</param>
/// <param name="Rank">1 = best.</param>
/// <param name="Front">Pareto front (1 = non-dominated) on the uncertainty-adjusted objectives; 0 when it could not be ranked (missing prediction).</param>
/// <param name="Score">Mean over objectives of the min–max normalised adjusted value in [0, 1] (1 = best); orders candidates inside a front.</param>
/// <param name="Objectives">Adjusted value of each objective (mean ∓ κσ, or the filter probability).</param>
public sealed record RankedCandidate(ScreenResult Result, int Rank, int Front, double Score, IReadOnlyDictionary<string, double> Objectives)
{
    /// <summary>The screen result carrying its rank, front, score and objectives (rounded to 4 decimals for output).</summary>
    public ScreenResult Annotated() => Result with
    {
        Rank = Rank,
        ParetoFront = Front,
        Score = Math.Round(Score, 4),
        Objectives = Objectives.ToDictionary(p => p.Key, p => Math.Round(p.Value, 4), StringComparer.Ordinal),
    };
}

/// <summary>
/// Multi-objective ranking of screen results: non-dominated sorting into Pareto fronts on pessimistic (uncertainty-adjusted)
/// objective values, then a normalised score inside each front. Pure and deterministic (ties keep input order).
/// </summary>
public static class CandidateRanker
{
    /// <summary>Keeps the results that pass <see cref="RankingOptions.Filter"/> (all when null), then ranks them.</summary>
    public static IReadOnlyList<RankedCandidate> FilterAndRank(IEnumerable<ScreenResult> results, RankingOptions options)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(options);
        return Rank(options.Filter is null ? results : results.Where(options.Filter.Matches), options);
    }

    /// <summary>Ranks <paramref name="results"/> (no filtering). Results with an error or a missing prediction come last with front 0.</summary>
    public static IReadOnlyList<RankedCandidate> Rank(IEnumerable<ScreenResult> results, RankingOptions options)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Objectives.Count == 0)
        {
            throw new ArgumentException("At least one objective is needed.", nameof(options));
        }

        var all = results.ToArray();
        var m = options.Objectives.Count;
        var values = new double[all.Length][]; // adjusted, all turned into "larger is better"
        var shown = new Dictionary<string, double>[all.Length];
        for (var i = 0; i < all.Length; i++)
        {
            if (TryAdjust(all[i], options, out var adjusted))
            {
                shown[i] = adjusted;
                values[i] = options.Objectives.Select(o => o.Direction == ObjectiveDirection.Maximize ? adjusted[o.Property] : -adjusted[o.Property]).ToArray();
            }
        }

        var rankable = Enumerable.Range(0, all.Length).Where(i => values[i] is not null).ToList();
        var front = new int[all.Length];
        var remaining = new List<int>(rankable);
        for (var level = 1; remaining.Count > 0; level++)
        {
            var current = remaining.Where(i => !remaining.Any(j => j != i && Dominates(values[j], values[i]))).ToList();
            foreach (var i in current)
            {
                front[i] = level;
            }

            remaining = remaining.Except(current).ToList();
        }

        var score = new double[all.Length];
        if (rankable.Count > 0)
        {
            for (var o = 0; o < m; o++)
            {
                var low = rankable.Min(i => values[i][o]);
                var high = rankable.Max(i => values[i][o]);
                foreach (var i in rankable)
                {
                    score[i] += (high > low ? (values[i][o] - low) / (high - low) : 1) / m;
                }
            }
        }

        var order = rankable.OrderBy(i => front[i]).ThenByDescending(i => score[i]).ThenBy(i => i)
            .Concat(Enumerable.Range(0, all.Length).Where(i => values[i] is null));
        return order.Select((i, rank) => new RankedCandidate(all[i], rank + 1, front[i], values[i] is null ? 0 : score[i],
            shown[i] ?? new Dictionary<string, double>())).ToArray();
    }

    private static bool TryAdjust(ScreenResult result, RankingOptions options, [NotNullWhen(true)] out Dictionary<string, double>? adjusted)
    {
        adjusted = null;
        if (result.Error is not null)
        {
            return false;
        }

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var objective in options.Objectives)
        {
            if (objective.Property == Objective.FilterProbability)
            {
                values[objective.Property] = options.Filter?.Probability(result) ?? 1.0;
                continue;
            }

            if (result.Predictions is null || !result.Predictions.TryGetValue(objective.Property, out var p) || !double.IsFinite(p.Mean))
            {
                return false;
            }

            var sigma = p.Std * (p.InDistribution ? 1 : options.OutOfDistributionSigmaFactor);
            values[objective.Property] = objective.Direction == ObjectiveDirection.Minimize ? p.Mean + (options.Kappa * sigma) : p.Mean - (options.Kappa * sigma);
        }

        adjusted = values;
        return true;
    }

    private static bool Dominates(double[] a, double[] b)
    {
        var strictly = false;
        for (var k = 0; k < a.Length; k++)
        {
            if (a[k] < b[k])
            {
                return false;
            }

            strictly |= a[k] > b[k];
        }

        return strictly;
    }

    /// <summary>A one-line description of the objectives, for logs and JSON.</summary>
    public static string Describe(RankingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Join(", ", options.Objectives.Select(o => o.Property == Objective.FilterProbability ? "max P(filter)" : $"{(o.Direction == ObjectiveDirection.Minimize ? "min" : "max")} {o.Property} {(o.Direction == ObjectiveDirection.Minimize ? "+" : "−")} {options.Kappa.ToString(CultureInfo.InvariantCulture)}σ"));
    }
}
