using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MatAssistant.Screening;
using MatAssistant.Screening.Ranking;
using MatAssistant.Screening.Surrogates;

namespace MatAssistant.Cli.Commands;

/// <summary>What <c>screen</c> (and later <c>generate</c>) share for predictions: loading the surrogates, <c>--where</c>/<c>--rank</c>, output.</summary>
internal static class SurrogateCli
{
    /// <summary>Loads the surrogates in <paramref name="directory"/> (default models/ beside the executable); a missing model gives a note on stderr, not an error.</summary>
    public static PropertyPredictor Load(string? directory, TextWriter error)
    {
        var path = directory ?? AppPaths.Models;
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new UsageException($"--models '{directory}' is not a directory.");
        }

        PropertyPredictor predictor;
        try
        {
            predictor = PropertyPredictor.LoadDirectory(path);
        }
        catch (InvalidOperationException e)
        {
            // TorchSharp's native library could not be loaded: screening still works, predictions are left out.
            error.WriteLine($"matassist: note: no property predictions: {e.Message}");
            return new PropertyPredictor([], [.. SurrogateCatalog.All.Select(s => $"{s.Name} (TorchSharp unavailable)")]);
        }

        foreach (var missing in predictor.Missing)
        {
            error.WriteLine($"matassist: note: no {missing}.");
        }

        return predictor;
    }

    /// <summary>The ranking implied by <c>--where</c> and <c>--rank</c>, or null when neither is given.</summary>
    public static RankingOptions? RankingFrom(string? where, string? rank, PropertyPredictor predictor)
    {
        if (where is null && rank is null)
        {
            return null;
        }

        var names = SurrogateCatalog.All.Select(s => s.Name).ToArray();
        PropertyFilter? filter = null;
        if (where is not null)
        {
            if (!PropertyFilter.TryParse(where, names, out filter, out var problem))
            {
                throw new UsageException($"--where: {problem.Message}");
            }

            RequireModels("--where", filter.Properties, predictor);
        }

        if (rank is null)
        {
            var defaults = RankingOptions.ForFilter(filter);
            return predictor.Names.Contains("formation_energy")
                ? defaults
                : defaults with { Objectives = [.. defaults.Objectives.Where(o => o.Property != "formation_energy")] } is { Objectives.Count: > 0 } kept
                    ? kept
                    : throw new UsageException($"--rank needs objectives: the formation_energy model is missing ({string.Join("; ", predictor.Missing)}).");
        }

        IReadOnlyList<Objective> objectives;
        try
        {
            objectives = Objective.ParseList(rank, names);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--rank: {e.Message}");
        }

        if (filter is null && objectives.Any(o => o.Property == Objective.FilterProbability))
        {
            throw new UsageException("--rank 'filter' needs a --where filter.");
        }

        RequireModels("--rank", objectives.Select(o => o.Property).Where(p => p != Objective.FilterProbability), predictor);
        return new RankingOptions(objectives, filter);
    }

    private static void RequireModels(string option, IEnumerable<string> properties, PropertyPredictor predictor)
    {
        var absent = properties.Where(p => !predictor.Names.Contains(p)).ToArray();
        if (absent.Length > 0)
        {
            throw new UsageException($"{option} uses {string.Join(", ", absent)}, but its model is not available ({string.Join("; ", predictor.Missing.Where(m => absent.Any(a => m.StartsWith(a, StringComparison.Ordinal))))}).");
        }
    }

    /// <summary>A screen result as JSON with its rank, Pareto front, score and adjusted objectives added.</summary>
    public static JsonNode ToJson(RankedCandidate candidate)
    {
        var node = JsonSerializer.SerializeToNode(candidate.Result, JsonOutput.Options)!.AsObject();
        node["rank"] = candidate.Rank;
        node["pareto_front"] = candidate.Front;
        node["score"] = Math.Round(candidate.Score, 4);
        node["objectives"] = JsonSerializer.SerializeToNode(candidate.Objectives.ToDictionary(p => p.Key, p => Math.Round(p.Value, 4)), JsonOutput.Options);
        return node;
    }

    /// <summary>Predictions for a table cell: <c>formation_energy −1.23±0.05 eV/atom</c>, with ! when out of distribution.</summary>
    public static string Describe(IReadOnlyDictionary<string, PropertyPrediction>? predictions) =>
        predictions is null
            ? ""
            : string.Join("; ", predictions.Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{p.Key} {p.Value.Mean:0.00}±{p.Value.Std:0.00}{(p.Value.Unit == "probability" ? "" : " " + p.Value.Unit)}{(p.Value.InDistribution ? "" : " !")}")));
}
