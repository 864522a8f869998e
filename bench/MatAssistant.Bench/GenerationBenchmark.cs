using System.Diagnostics;
using System.Globalization;
using MatAssistant.Chemistry;
using MatAssistant.Generation;
using MatAssistant.Screening;

namespace MatAssistant.Bench;

/// <summary>
/// <c>generate</c>: throughput of generation + screening (candidates per second) and the literature's metrics on 10,000
/// samples of the shipped generator, for the raw model and for charge-aware decoding side by side. Options: --model DIR
/// (default models/generator of the repository), --data DIR, --samples N (10000), --seed S (1), --threads T (1),
/// --temperature T, --top-p P, --filter balanced|none (the training filter, to rebuild the split), --repeat R (3),
/// --parallel P (batches sampled at once, 1), --balance SETS (comma-separated oxidation-state sets for charge-aware
/// decoding, default smact14,default; <c>default</c> is the product's rules: ICSD 2024 states with mixed valence; off: the
/// raw model only), --charge-rejection R (rounds drawn without the mask and kept when balanced before masked decoding, 2),
/// --metrics off (throughput and profile only).
/// </summary>
/// <remarks>
/// The raw model's figures are the ones comparable with the literature (MTransformer's 97.54 % / 91.40 % are of samples
/// drawn from the model without a charge constraint); the constrained columns are what the product can deliver with the
/// mask on, where charge neutrality under the mask's own states holds by construction.
/// </remarks>
internal static class GenerationBenchmark
{
    private sealed record Column(string Name, OxidationStateSet? Balance, ElementSet? MixedValence = null)
    {
        public List<double> Rates { get; } = [];

        public List<double> CpuRates { get; } = [];

        public List<string> Loads { get; } = [];

        public IReadOnlyList<GeneratedComposition> First { get; set; } = [];

        public GenerationReport? Report { get; set; }
    }

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
        var balanceOption = BenchPaths.Option(args, "--balance") ?? "smact14,default";
        var chargeRejection = int.Parse(BenchPaths.Option(args, "--charge-rejection") ?? "2", CultureInfo.InvariantCulture);
        var columns = new List<Column> { new("raw model", null) };
        if (!balanceOption.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            columns.AddRange(balanceOption.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(b => b.Equals("default", StringComparison.OrdinalIgnoreCase)
                    ? new Column("mask default (icsd24, mixed valence)", ScreeningRules.Default.OxidationStates, ScreeningRules.Default.MixedValenceElements ?? ElementSet.SmactMixedValence)
                    : new Column($"mask {b}", OxidationStateSet.Resolve(b, Path.Combine(dataDir, "smact")))));
        }

        using var generator = CompositionGenerator.Load(modelDir, threads);
        var known = KnownFormulaSet.Load(Path.Combine(modelDir, GeneratorFiles.KnownFormulas));
        var rules = new CompositionRules();
        Console.WriteLine($"model: {Path.GetFullPath(modelDir)} ({generator.Manifest.Parameters} parameters, {generator.Manifest.Size}), sampling {generator.Manifest.Sampling}, temperature override {temperature?.ToString(CultureInfo.InvariantCulture) ?? "none"}, top-p override {topP?.ToString(CultureInfo.InvariantCulture) ?? "none"}, charge-aware decoding: {string.Join(", ", columns.Skip(1).Select(c => $"{c.Name} ({c.Balance!.Name}{(c.MixedValence is null ? "" : $", mixed valence {c.MixedValence.Name}")})").DefaultIfEmpty("off"))}, {chargeRejection} rejection rounds");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}, torch threads {threads}, parallel batches {parallel}; screening rules: {Describe(rules.Rules)}");

        // Throughput: sampling, reduction, screening (rules + novelty), as `generate` does it; columns interleaved run by run
        // so that a change in the machine's load hits them alike.
        for (var r = 0; r < repeat; r++)
        {
            foreach (var column in columns)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var drawn = generator.Generate(new GenerationRequest(samples, seed + r, Temperature: temperature, TopP: topP, Parallelism: parallel, ChargeBalance: column.Balance, ChargeRejectionRounds: chargeRejection, ChargeMixedValence: column.MixedValence));
                if (r == 0)
                {
                    column.First = drawn;
                }

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
                column.Rates.Add(drawn.Count / seconds);
                column.CpuRates.Add(drawn.Count / cpuSeconds);
                column.Loads.Add(LoadAverage().Split(' ')[0]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {r + 1}, {column.Name}: {drawn.Count} candidates generated ({generation:0.00} s) and screened ({seconds - generation:0.00} s) in {seconds:0.00} s wall = {drawn.Count / seconds:0} candidates/s; {cpuSeconds:0.00} CPU-s = {drawn.Count / cpuSeconds:0} candidates per CPU-second ({screened} valid and novel; load {column.Loads[^1]})"));
            }
        }

        foreach (var column in columns)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"throughput, {column.Name}: median {Median(column.Rates):0} candidates/s wall (best {column.Rates.Max():0}), median {Median(column.CpuRates):0} candidates per CPU-second (one thread); 1-min load average during the runs {string.Join(", ", column.Loads)} (target ≥ 5000/s)"));
        }

        // Profile of the mask's own cost: run 1's samples replayed through a fresh mask (tables) and tracker (Restrict and
        // Add at every step, as the decoder calls them), timed alone.
        foreach (var column in columns.Skip(1))
        {
            var (build, perSample) = ProfileMask(() => new ChargeBalanceMask(generator.Tokenizer, column.Balance!, mixedValence: column.MixedValence), column.First);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"profile, {column.Name}: look-ahead tables built in {build:0.0} ms; mask bookkeeping {perSample:0.00} µs per sample (replay of run 1's samples) = {100 * perSample * Median(column.CpuRates) / 1e6:0.0} % of the CPU time per candidate"));
        }

        if ((BenchPaths.Option(args, "--metrics") ?? "on").Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        // Metrics: rebuild the training split to count novelty against the training set and recovery of held-out formulas.
        var smact14 = new CompositionRules(new ScreeningRules(
            OxidationStateSet.LoadSmactFile(Path.Combine(dataDir, "smact", "oxidation_states.txt")),
            ElectronegativityTable.LoadSmactElementData(Path.Combine(dataDir, "smact", "element_data.txt")),
            MetalSet.Smact));
        var (formulas, _) = FormulaDataset.Load(Path.Combine(dataDir, FormulaDataset.TrainingFileName));
        var split = DatasetSplit.Create(GeneratorTrainer.Apply(formulas, filter, smact14));
        var baseline = RandomBaselineSampler.FromTraining(split.Train.Select(f => f.Composition).ToArray(), generator.Tokenizer.Elements);
        var clock2 = Stopwatch.StartNew();
        foreach (var column in columns)
        {
            column.Report = GeneratorEvaluation.Run(generator, split, baseline, rules, smact14, new EvaluationOptions(samples, seed), temperature, topP, column.Balance, chargeRejection, column.MixedValence);
        }

        var first = columns[0].Report!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"metrics on {samples} samples per column (seed {seed}, {clock2.Elapsed.TotalSeconds:0.0} s); SMACT14 = SMACT's oxidation_states.txt and element_data.txt electronegativities (the literature's rules); default = {Describe(rules.Rules)}:"));
        Console.WriteLine($"| figure | {string.Join(" | ", columns.Select(c => c.Name))} | baseline | target |");
        Console.WriteLine($"| --- |{string.Concat(columns.Select(_ => " ---: |"))} ---: | ---: |");
        void Row(string name, Func<GenerationReport, GenerationMetrics> select, Func<GenerationMetrics, double> figure, Func<GenerationReport, GenerationMetrics> baselineOf, string target) =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {string.Join(" | ", columns.Select(c => Percent(figure(select(c.Report!)))))} | {Percent(figure(baselineOf(first)))} | {target} |"));
        Row("charge-neutral (SMACT14)", r => r.ModelSmact14!, m => m.ChargeNeutralFraction, r => r.BaselineSmact14!, "≥ 97.6 %");
        Row("EN-balanced (SMACT14)", r => r.ModelSmact14!, m => m.ElectronegativityBalancedFraction, r => r.BaselineSmact14!, "≥ 91.4 %");
        Row("valid (SMACT14)", r => r.ModelSmact14!, m => m.ValidFraction, r => r.BaselineSmact14!, "");
        Row("charge-neutral (default rules)", r => r.Model, m => m.ChargeNeutralFraction, r => r.Baseline, "");
        Row("EN-balanced (default rules)", r => r.Model, m => m.ElectronegativityBalancedFraction, r => r.Baseline, "");
        Row("valid (default rules)", r => r.Model, m => m.ValidFraction, r => r.Baseline, "");
        Row("unique", r => r.Model, m => m.UniqueFraction, r => r.Baseline, "≥ 95 %");
        Row("novel (vs training set)", r => r.Model, m => m.NovelFraction, r => r.Baseline, "≥ 80 %");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| enrichment, EN-balanced (SMACT14) | {string.Join(" | ", columns.Select(c => $"{c.Report!.EnrichmentSmact14:0.0}×"))} | 1× | ≥ 6× |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| enrichment, EN-balanced (default) | {string.Join(" | ", columns.Select(c => $"{c.Report!.Enrichment:0.0}×"))} | 1× | |"));
        for (var i = 0; i < first.Recovery.Count; i++)
        {
            var index = i;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| recovery: {first.Recovery[index].Description} | {string.Join(" | ", columns.Select(c => c.Report!.Recovery[index]).Select(rec => $"{100 * rec.Fraction:0.0} % ({rec.Recovered}/{rec.HeldOut})"))} | | |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| candidates/s wall, median (load) | {string.Join(" | ", columns.Select(c => $"{Median(c.Rates):0} ({string.Join("/", c.Loads)})"))} | | ≥ 5000 |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| candidates per CPU-second, median | {string.Join(" | ", columns.Select(c => $"{Median(c.CpuRates):0}"))} | | |"));

        // What did not end balanced under the mask, and why (run 1 uses the metrics' seed, so these are the same samples).
        Console.WriteLine();
        foreach (var column in columns.Skip(1))
        {
            var maskRules = new CompositionRules(new ScreeningRules(column.Balance!, ElectronegativityTable.Pauling, MetalSet.Smact, MixedValence: column.MixedValence is not null, MixedValenceElements: column.MixedValence));
            var unbalanced = column.First.Where(g => !maskRules.Test(g.Composition).ElectronegativityBalanced).ToArray();
            var notNeutral14 = column.First.Where(g => !smact14.Test(g.Composition).ChargeNeutral).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{column.Name}: {column.First.Count(g => g.ChargeBalanceRelaxed)} of {column.First.Count} samples had the charge mask relaxed; {unbalanced.Length} are not EN-balanced under the mask's own states and Pauling table{Examples(unbalanced)}; {notNeutral14.Length} not charge-neutral under SMACT14{Examples(notNeutral14)}"));
        }

        // The element-count distribution against the training set's: a decoder that pads formulas with elements shows here.
        Console.WriteLine();
        Console.WriteLine($"| elements | training set | {string.Join(" | ", columns.Select(c => c.Name + " (run 1)"))} |");
        Console.WriteLine($"| ---: | ---: |{string.Concat(columns.Select(_ => " ---: |"))}");
        var trainCounts = split.Train.GroupBy(f => f.Composition.ElementCount).ToDictionary(g => g.Key, g => g.Count());
        var sampleCounts = columns.Select(c => c.First.GroupBy(g => g.Composition.ElementCount).ToDictionary(g => g.Key, g => g.Count())).ToArray();
        foreach (var k in trainCounts.Keys.Concat(sampleCounts.SelectMany(d => d.Keys)).Distinct().Order())
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {k} | {100.0 * trainCounts.GetValueOrDefault(k) / split.Train.Count:0.0} % | {string.Join(" | ", columns.Select((c, i) => $"{100.0 * sampleCounts[i].GetValueOrDefault(k) / Math.Max(1, c.First.Count):0.0} %"))} |"));
        }

        return 0;
    }

    /// <summary>Milliseconds to build the mask, and microseconds of Restrict + Add per sample when replaying <paramref name="samples"/>.</summary>
    private static (double BuildMilliseconds, double MicrosecondsPerSample) ProfileMask(Func<ChargeBalanceMask> create, IReadOnlyList<GeneratedComposition> samples)
    {
        var clock = Stopwatch.StartNew();
        var mask = create();
        var build = clock.Elapsed.TotalMilliseconds;
        var tokenizer = mask.Tokenizer;
        var masker = ConstraintMasker.Compile(tokenizer, DecodingConstraints.None);
        var sequences = samples.Select(g => g.Composition.Elements.OrderBy(tokenizer.RankOf).Select(e => (Rank: tokenizer.RankOf(e), Count: (int)g.Composition.GetAmount(e))).ToArray()).ToArray();
        var tracker = mask.CreateTracker(1);
        var allowed = new bool[tokenizer.VocabularySize];
        double Replay(bool charge)
        {
            var timer = Stopwatch.StartNew();
            foreach (var sequence in sequences)
            {
                tracker.Reset(0);
                var state = DecodingState.Start;
                foreach (var (rank, count) in sequence)
                {
                    masker.FillAllowed(state, allowed);
                    _ = charge && tracker.Restrict(0, state, allowed) > 0;
                    state = masker.Advance(state, CompositionTokenizer.ElementToken(rank));
                    masker.FillAllowed(state, allowed);
                    _ = charge && tracker.Restrict(0, state, allowed) > 0;
                    if (charge)
                    {
                        tracker.Add(0, rank, count);
                    }

                    state = masker.Advance(state, tokenizer.CountToken(count));
                }

                masker.FillAllowed(state, allowed);
                _ = charge && tracker.Restrict(0, state, allowed) > 0;
            }

            return timer.Elapsed.TotalSeconds;
        }

        Replay(true); // JIT
        // The constraint masker's own work is paid by every decoder: timed alone and taken off.
        var seconds = Replay(true) - Replay(false);
        return (build, 1e6 * Math.Max(0, seconds) / Math.Max(1, sequences.Length));
    }

    private static string Examples(GeneratedComposition[] samples) =>
        samples.Length == 0 ? string.Empty : $" (e.g. {string.Join(", ", samples.Take(5).Select(s => s.ReducedFormula))})";

    private static string Describe(ScreeningRules rules) =>
        $"{rules.OxidationStates.Name} states{(rules.MixedValence ? ", mixed valence" : "")}{(rules.Peroxides ? ", peroxides" : "")}, {rules.Electronegativities.Name} electronegativities";

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Percent(double fraction) => string.Create(CultureInfo.InvariantCulture, $"{100 * fraction:0.0} %");

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
