using System.Diagnostics;
using System.Globalization;
using MatAssistant.Chemistry;
using MatAssistant.Generation;
using MatAssistant.Screening;

namespace MatAssistant.Bench;

/// <summary>
/// <c>generate</c>: throughput of generation + screening (candidates per second) and the literature's metrics on 10,000
/// samples of the shipped generator. Options: --model DIR (default models/generator of the repository), --data DIR,
/// --samples N (10000), --seed S (1), --threads T (1), --temperature T, --top-p P, --filter balanced|none (the training filter, to rebuild
/// the split), --repeat R (3), --parallel P (batches sampled at once, 1), --balance SET (charge-aware decoding with the
/// oxidation states SET, e.g. smact14 or icsd24; default off: the model's own distribution).
/// </summary>
internal static class GenerationBenchmark
{
    public static int Run(string[] args)
    {
        var modelDir = BenchPaths.Option(args, "--model") ?? FindModels();
        var samples = int.Parse(BenchPaths.Option(args, "--samples") ?? "10000", CultureInfo.InvariantCulture);
        var seed = int.Parse(BenchPaths.Option(args, "--seed") ?? "1", CultureInfo.InvariantCulture);
        var threads = int.Parse(BenchPaths.Option(args, "--threads") ?? "1", CultureInfo.InvariantCulture);
        var parallel = int.Parse(BenchPaths.Option(args, "--parallel") ?? "1", CultureInfo.InvariantCulture);
        var repeat = int.Parse(BenchPaths.Option(args, "--repeat") ?? "3", CultureInfo.InvariantCulture);
        var temperature = BenchPaths.Option(args, "--temperature") is { } t ? double.Parse(t, CultureInfo.InvariantCulture) : (double?)null;
        var topP = BenchPaths.Option(args, "--top-p") is { } p ? double.Parse(p, CultureInfo.InvariantCulture) : (double?)null;
        var filter = (BenchPaths.Option(args, "--filter") ?? "balanced") == "none" ? TrainingFilter.None : TrainingFilter.Balanced;

        var dataDir = BenchPaths.DataDirectory(BenchPaths.Option(args, "--data"));
        var balance = BenchPaths.Option(args, "--balance") is { } b ? OxidationStateSet.Resolve(b, Path.Combine(dataDir, "smact")) : null;
        using var generator = CompositionGenerator.Load(modelDir, threads);
        var known = KnownFormulaSet.Load(Path.Combine(modelDir, GeneratorFiles.KnownFormulas));
        var rules = new CompositionRules();
        Console.WriteLine($"model: {Path.GetFullPath(modelDir)} ({generator.Manifest.Parameters} parameters, {generator.Manifest.Size}), sampling {generator.Manifest.Sampling}, temperature override {temperature?.ToString(CultureInfo.InvariantCulture) ?? "none"}, top-p override {topP?.ToString(CultureInfo.InvariantCulture) ?? "none"}, charge-aware decoding {balance?.Name ?? "off"}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}, torch threads {threads}, parallel batches {parallel}");

        // Throughput: sampling, reduction, screening (rules + novelty), as `generate` does it.
        var rates = new List<double>();
        IReadOnlyList<GeneratedComposition>? first = null;
        var cpuRates = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var drawn = generator.Generate(new GenerationRequest(samples, seed + r, Temperature: temperature, TopP: topP, Parallelism: parallel, ChargeBalance: balance));
            first ??= drawn;
            var generation = clock.Elapsed.TotalSeconds;
            var screened = 0;
            foreach (var s in drawn)
            {
                var verdict = rules.Evaluate(s.Composition);
                var novel = !known.Contains(s.Composition);
                screened += verdict.Valid && novel ? 1 : 0;
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            rates.Add(drawn.Count / seconds);
            cpuRates.Add(drawn.Count / cpuSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {r + 1}: {drawn.Count} candidates generated ({generation:0.00} s) and screened ({seconds - generation:0.00} s) in {seconds:0.00} s wall = {drawn.Count / seconds:0} candidates/s; {cpuSeconds:0.00} CPU-s = {drawn.Count / cpuSeconds:0} candidates per CPU-second ({screened} valid and novel)"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput: median {rates.Order().ElementAt(rates.Count / 2):0} candidates/s wall, best {rates.Max():0}; median {cpuRates.Order().ElementAt(cpuRates.Count / 2):0} candidates per CPU-second (target ≥ 5000/s on 2 cores; load average now {LoadAverage()})"));

        // Metrics: rebuild the training split to count novelty against the training set and recovery of held-out formulas.
        var smact14 = new CompositionRules(new ScreeningRules(
            OxidationStateSet.LoadSmactFile(Path.Combine(dataDir, "smact", "oxidation_states.txt")),
            ElectronegativityTable.LoadSmactElementData(Path.Combine(dataDir, "smact", "element_data.txt")),
            MetalSet.Smact));
        var (formulas, _) = FormulaDataset.Load(Path.Combine(dataDir, FormulaDataset.TrainingFileName));
        var split = DatasetSplit.Create(GeneratorTrainer.Apply(formulas, filter, smact14));
        var baseline = RandomBaselineSampler.FromTraining(split.Train.Select(f => f.Composition).ToArray(), generator.Tokenizer.Elements);
        var clock2 = Stopwatch.StartNew();
        var report = GeneratorEvaluation.Run(generator, split, baseline, rules, smact14, new EvaluationOptions(samples, seed), temperature, topP, balance);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"metrics on {samples} samples (seed {seed}, {clock2.Elapsed.TotalSeconds:0.0} s):"));
        Console.WriteLine("| figure | model | baseline | target |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Row("charge-neutral (SMACT14)", report.ModelSmact14!.ChargeNeutralFraction, report.BaselineSmact14!.ChargeNeutralFraction, "≥ 97.6 %");
        Row("EN-balanced (SMACT14)", report.ModelSmact14.ElectronegativityBalancedFraction, report.BaselineSmact14.ElectronegativityBalancedFraction, "≥ 91.4 %");
        Row("valid (SMACT14)", report.ModelSmact14.ValidFraction, report.BaselineSmact14.ValidFraction, "");
        Row("charge-neutral (default ICSD)", report.Model.ChargeNeutralFraction, report.Baseline.ChargeNeutralFraction, "");
        Row("EN-balanced (default ICSD)", report.Model.ElectronegativityBalancedFraction, report.Baseline.ElectronegativityBalancedFraction, "");
        Row("valid (default ICSD)", report.Model.ValidFraction, report.Baseline.ValidFraction, "");
        Row("unique", report.Model.UniqueFraction, report.Baseline.UniqueFraction, "≥ 95 %");
        Row("novel (vs training set)", report.Model.NovelFraction, report.Baseline.NovelFraction, "≥ 80 %");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| enrichment, EN-balanced (SMACT14) | {report.EnrichmentSmact14:0.0}× | 1× | ≥ 6× |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| enrichment, EN-balanced (default) | {report.Enrichment:0.0}× | 1× | |"));
        foreach (var rec in report.Recovery)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| recovery: {rec.Description} | {100 * rec.Fraction:0.0} % ({rec.Recovered}/{rec.HeldOut}) | | |"));
        }

        // The element-count distribution against the training set's: a decoder that pads formulas with elements shows here.
        Console.WriteLine();
        Console.WriteLine("| elements | training set | samples (run 1) |");
        Console.WriteLine("| ---: | ---: | ---: |");
        var trainCounts = split.Train.GroupBy(f => f.Composition.ElementCount).ToDictionary(g => g.Key, g => g.Count());
        var firstRun = first ?? [];
        var sampleCounts = firstRun.GroupBy(g => g.Composition.ElementCount).ToDictionary(g => g.Key, g => g.Count());
        foreach (var k in trainCounts.Keys.Concat(sampleCounts.Keys).Distinct().Order())
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {k} | {100.0 * trainCounts.GetValueOrDefault(k) / split.Train.Count:0.0} % | {100.0 * sampleCounts.GetValueOrDefault(k) / Math.Max(1, firstRun.Count):0.0} % |"));
        }

        return 0;
    }

    private static void Row(string name, double model, double baseline, string target) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {100 * model:0.0} % | {100 * baseline:0.0} % | {target} |"));

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string FindModels()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "generator");
            if (File.Exists(Path.Combine(candidate, GeneratorFiles.Manifest)))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("models/generator was not found: pass --model DIR.");
    }
}
