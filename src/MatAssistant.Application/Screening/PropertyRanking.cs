using MatAssistant.Screening.Ranking;
using MatAssistant.Screening.Surrogates;

namespace MatAssistant.Application.Screening;

/// <summary>Reads a <c>where</c> filter and a <c>rank</c> list into ranking options, checking that the models they use are loaded.</summary>
public static class PropertyRanking
{
    /// <summary>The ranking implied by <paramref name="where"/> and <paramref name="rank"/>, or null when neither is given.</summary>
    public static RankingOptions? From(string? where, string? rank, PropertyPredictor predictor)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        if (string.IsNullOrWhiteSpace(where) && string.IsNullOrWhiteSpace(rank))
        {
            return null;
        }

        var names = SurrogateCatalog.All.Select(s => s.Name).ToArray();
        PropertyFilter? filter = null;
        if (!string.IsNullOrWhiteSpace(where))
        {
            if (!PropertyFilter.TryParse(where, names, out filter, out var problem))
            {
                throw new RequestException($"where: {problem.Message}");
            }

            RequireModels("where", filter.Properties, predictor);
        }

        if (string.IsNullOrWhiteSpace(rank))
        {
            var defaults = RankingOptions.ForFilter(filter);
            return predictor.Names.Contains("formation_energy")
                ? defaults
                : defaults with { Objectives = [.. defaults.Objectives.Where(o => o.Property != "formation_energy")] } is { Objectives.Count: > 0 } kept
                    ? kept
                    : throw new RequestException($"rank needs objectives: the formation_energy model is missing ({string.Join("; ", predictor.Missing)}).");
        }

        IReadOnlyList<Objective> objectives;
        try
        {
            objectives = Objective.ParseList(rank, names);
        }
        catch (FormatException e)
        {
            throw new RequestException($"rank: {e.Message}", e);
        }

        if (filter is null && objectives.Any(o => o.Property == Objective.FilterProbability))
        {
            throw new RequestException("rank 'filter' needs a where filter.");
        }

        RequireModels("rank", objectives.Select(o => o.Property).Where(p => p != Objective.FilterProbability), predictor);
        return new RankingOptions(objectives, filter);
    }

    private static void RequireModels(string what, IEnumerable<string> properties, PropertyPredictor predictor)
    {
        var absent = properties.Where(p => !predictor.Names.Contains(p)).ToArray();
        if (absent.Length > 0)
        {
            var why = predictor.Missing.Where(m => absent.Any(a => m.StartsWith(a, StringComparison.Ordinal))).ToArray();
            throw new RequestException($"{what} uses {string.Join(", ", absent)}, but its model is not available{(why.Length > 0 ? $" ({string.Join("; ", why)})" : "")}.");
        }
    }
}
