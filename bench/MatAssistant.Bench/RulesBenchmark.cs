using System.Diagnostics;
using System.Globalization;
using MatAssistant.Chemistry;

namespace MatAssistant.Bench;

/// <summary>
/// Which rules known compounds pass, and how well plausibility tells known compositions from random valid ones.
/// Usage: rules [--data DIR] [--sample N] [--seed S]
/// 1. For each oxidation-state set, with and without mixed valence and peroxides: the share of mp_e_form.csv's distinct
///    reduced formulas that are charge-neutral, electronegativity-balanced and valid (SMACT's smact_validity).
/// 2. Plausibility ROC-AUC: N known formulas (valid under the default rules) against N random valid compositions with
///    the same element count and the same counts, elements drawn uniformly from those in mp_e_form.csv.
/// </summary>
internal static class RulesBenchmark
{
    public static int Run(string[] args)
    {
        var data = BenchPaths.DataDirectory(BenchPaths.Option(args, "--data"));
        var sampleSize = int.Parse(BenchPaths.Option(args, "--sample") ?? "5000", CultureInfo.InvariantCulture);
        var seed = int.Parse(BenchPaths.Option(args, "--seed") ?? "42", CultureInfo.InvariantCulture);
        var smact = Path.Combine(data, "smact");

        var compositions = File.ReadLines(Path.Combine(data, "mp_e_form.csv")).Skip(1)
            .Select(line => line[..line.IndexOf(',', StringComparison.Ordinal)])
            .Select(f => FormulaParser.TryParse(f, out var c, out _) ? c : null)
            .OfType<Composition>()
            .GroupBy(c => c.Reduce().Composition.AlphabeticalFormula, StringComparer.Ordinal)
            .Select(g => g.First())
            .ToArray();
        var multi = compositions.Where(c => c.ElementCount > 1).ToArray();
        Console.WriteLine($"# rules benchmark: {compositions.Length:N0} distinct reduced formulas of mp_e_form.csv ({multi.Length:N0} with two or more elements), Pauling χ from corpus/elements.csv");
        Console.WriteLine();
        Console.WriteLine("Shares of the formulas with two or more elements (single elements are valid by rule and left out).");
        Console.WriteLine();
        Console.WriteLine("| oxidation states | mixed valence | peroxides | charge-neutral | + electronegativity | valid (alloys too) | µs/formula |");
        Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: | ---: |");

        var sets = new List<OxidationStateSet> { OxidationStateSet.Icsd, OxidationStateSet.Common, OxidationStateSet.All, OxidationStateSet.Icsd24, OxidationStateSet.Icsd24Filtered };
        if (File.Exists(Path.Combine(smact, "oxidation_states.txt")))
        {
            sets.Add(OxidationStateSet.Resolve("smact14", smact));
        }

        var configurations = sets
            .SelectMany(set => new[] { (false, false), (true, false), (true, true) }.Select(f => ScreeningRules.PymatgenIcsd with { OxidationStates = set, MixedValence = f.Item1, Peroxides = f.Item2 }))
            .Append(ScreeningRules.Default);
        foreach (var configuration in configurations)
        {
            {
                var (set, mixed, peroxides) = (configuration.OxidationStates, configuration.MixedValence, configuration.Peroxides);
                var rules = new CompositionRules(configuration);
                int neutral = 0, balanced = 0, valid = 0;
                var watch = Stopwatch.StartNew();
                foreach (var c in multi)
                {
                    var (n, b) = rules.Test(c);
                    neutral += n ? 1 : 0;
                    balanced += b ? 1 : 0;
                    valid += rules.IsValid(c) ? 1 : 0;
                }

                var micro = watch.Elapsed.TotalMilliseconds * 1000 / multi.Length;
                var marker = ReferenceEquals(configuration, ScreeningRules.Default) ? " (**default**)" : string.Empty;
                var elements = configuration.MixedValenceElements?.Name ?? ElementSet.SmactMixedValence.Name;
                Console.WriteLine($"| {set.Name}{marker} | {(mixed ? $"yes ({elements})" : "no")} | {(peroxides ? "yes" : "no")} | {Percent(neutral, multi.Length)} | {Percent(balanced, multi.Length)} | {Percent(valid, multi.Length)} | {micro:F1} |");
            }
        }

        Plausibility(multi, sampleSize, seed);
        return 0;
    }

    private static void Plausibility(Composition[] known, int sampleSize, int seed)
    {
        var rules = new CompositionRules();
        var random = new Random(seed);
        var elements = known.SelectMany(c => c.Elements).Distinct().ToArray();
        var knownScores = new List<double>();
        var randomScores = new List<double>();
        var knownTexts = new List<(double, string)>();
        var randomTexts = new List<(double, string)>();
        var order = known.OrderBy(_ => random.Next()).ToArray();
        var watch = Stopwatch.StartNew();
        foreach (var c in order)
        {
            if (knownScores.Count >= sampleSize)
            {
                break;
            }

            var verdict = rules.Evaluate(c);
            if (verdict.Rule is not (ValidityRule.SingleValence or ValidityRule.MixedValence) || verdict.Plausibility is not { } p)
            {
                continue;
            }

            // A random counterpart: the same counts on as many distinct random elements, kept when valid (up to 50 tries).
            var reduced = c.Reduce().Composition;
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var picks = elements.OrderBy(_ => random.Next()).Take(reduced.ElementCount).ToArray();
                var candidate = Composition.Create(picks.Select((e, i) => KeyValuePair.Create(e, reduced.Amounts[i])));
                var other = rules.Evaluate(candidate);
                if (other.Rule is ValidityRule.SingleValence or ValidityRule.MixedValence && other.Plausibility is { } q)
                {
                    knownScores.Add(p);
                    randomScores.Add(q);
                    knownTexts.Add((p, $"{c.ReducedFormula} {OxidationSpecies.Format(verdict.Species!)}"));
                    randomTexts.Add((q, $"{candidate.ReducedFormula} {OxidationSpecies.Format(other.Species!)}"));
                    break;
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"## Plausibility under the default rules ({ScreeningRules.Default.OxidationStates.Name}, mixed valence {(ScreeningRules.Default.MixedValence ? "on" : "off")}, peroxides {(ScreeningRules.Default.Peroxides ? "on" : "off")}), seed {seed}");
        Console.WriteLine();
        Console.WriteLine("Plausibility = geometric mean over elements of (ICSD 2024 reports of the state / reports of the element's usual state) × redox factor.");
        Console.WriteLine();
        Console.WriteLine($"{knownScores.Count:N0} known valid Materials Project formulas against {randomScores.Count:N0} random valid compositions with the same counts ({watch.Elapsed.TotalSeconds:F1} s).");
        Console.WriteLine();
        Console.WriteLine($"- ROC-AUC (known scored above random): {Auc(knownScores, randomScores):F3}");
        Console.WriteLine($"- median plausibility: known {Median(knownScores):F3}, random {Median(randomScores):F3}");
        foreach (var threshold in new[] { 0.05, 0.1, 0.2, 0.3 })
        {
            Console.WriteLine($"- below {threshold:F2} (rejected by that threshold): known {Percent(knownScores.Count(s => s < threshold), knownScores.Count)}, random {Percent(randomScores.Count(s => s < threshold), randomScores.Count)}");
        }

        Console.WriteLine($"- least plausible known: {string.Join("; ", knownTexts.OrderBy(t => t.Item1).Take(5).Select(t => $"{t.Item2} ({t.Item1:F3})"))}");
        Console.WriteLine($"- most plausible random: {string.Join("; ", randomTexts.OrderByDescending(t => t.Item1).Take(5).Select(t => $"{t.Item2} ({t.Item1:F3})"))}");
    }

    /// <summary>Mann–Whitney: the probability that a known formula scores above a random one, ties counting half.</summary>
    private static double Auc(List<double> positives, List<double> negatives)
    {
        var all = positives.Select(s => (Score: s, Positive: true)).Concat(negatives.Select(s => (Score: s, Positive: false))).OrderBy(p => p.Score).ToArray();
        double rankSum = 0;
        for (var i = 0; i < all.Length;)
        {
            var j = i;
            while (j < all.Length && all[j].Score == all[i].Score)
            {
                j++;
            }

            var rank = ((i + 1) + j) / 2.0; // average rank of the tie group
            rankSum += rank * all[i..j].Count(p => p.Positive);
            i = j;
        }

        double n1 = positives.Count, n0 = negatives.Count;
        return (rankSum - (n1 * (n1 + 1) / 2)) / (n1 * n0);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Percent(int part, int whole) => $"{100.0 * part / whole:F1} %";
}
