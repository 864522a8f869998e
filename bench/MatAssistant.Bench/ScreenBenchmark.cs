using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MatAssistant.Chemistry;
using MatAssistant.Screening;

namespace MatAssistant.Bench;

/// <summary>
/// Screening throughput over mp_e_form.csv (1 thread and all cores) and agreement with SMACT itself on a random sample.
/// Usage: screen [--data DIR] [--smact-path DIR] [--python EXE] [--sample N] [--seed S] [--repeat R]
/// </summary>
internal static class ScreenBenchmark
{
    public static int Run(string[] args)
    {
        var data = BenchPaths.DataDirectory(BenchPaths.Option(args, "--data"));
        var smactPath = BenchPaths.Option(args, "--smact-path");
        var python = BenchPaths.Option(args, "--python") ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
        var sampleSize = int.Parse(BenchPaths.Option(args, "--sample") ?? "10000", CultureInfo.InvariantCulture);
        var seed = int.Parse(BenchPaths.Option(args, "--seed") ?? "42", CultureInfo.InvariantCulture);
        var repeat = int.Parse(BenchPaths.Option(args, "--repeat") ?? "5", CultureInfo.InvariantCulture);

        var formulas = ReadFormulas(Path.Combine(data, "mp_e_form.csv"));
        Console.WriteLine($"# screen benchmark: {formulas.Length:N0} formulas from mp_e_form.csv, {Environment.ProcessorCount} cores, best and median of {repeat} runs");
        Console.WriteLine();
        Console.WriteLine("| what | threads | formulas/s (best) | formulas/s (median) |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");

        var smact14 = SmactRules(data, "oxidation_states.txt");
        var rulesDefault = new CompositionRules();
        var rulesSmact14 = new CompositionRules(smact14);
        var screener = new CompositionScreener();

        Measure("parse only", 1, formulas, repeat, f => FormulaParser.TryParse(f, out _, out _));
        var rulesSingle = new CompositionRules(ScreeningRules.PymatgenIcsd);
        Measure("parse + validity (icsd, single valence)", 1, formulas, repeat, f => FormulaParser.TryParse(f, out var c, out _) && rulesSingle.IsValid(c));
        Measure("parse + validity (default: icsd24, mixed valence, peroxides)", 1, formulas, repeat, f => FormulaParser.TryParse(f, out var c, out _) && rulesDefault.IsValid(c));
        Measure("parse + validity (default: icsd24, mixed valence, peroxides)", Environment.ProcessorCount, formulas, repeat, f => FormulaParser.TryParse(f, out var c, out _) && rulesDefault.IsValid(c));
        Measure("parse + validity (SMACT14 files)", 1, formulas, repeat, f => FormulaParser.TryParse(f, out var c, out _) && rulesSmact14.IsValid(c));
        Measure("parse + validity (SMACT14 files)", Environment.ProcessorCount, formulas, repeat, f => FormulaParser.TryParse(f, out var c, out _) && rulesSmact14.IsValid(c));
        Measure("full screen result (CLI path)", 1, formulas, repeat, f => screener.Screen(f).Valid == true);
        Measure("full screen result (CLI path)", Environment.ProcessorCount, formulas, repeat, f => screener.Screen(f).Valid == true);

        if (smactPath is null)
        {
            Console.WriteLine();
            Console.WriteLine("Agreement with SMACT skipped: pass --smact-path DIR (a folder containing SMACT's `smact` package).");
            return 0;
        }

        var sample = Sample(formulas, sampleSize, seed);
        var sampleFile = Path.Combine(Path.GetTempPath(), $"matassist-smact-sample-{Environment.ProcessId}.txt");
        File.WriteAllLines(sampleFile, sample);
        try
        {
            foreach (var (set, file) in new[] { ("smact14", "oxidation_states.txt"), ("icsd24", "oxidation_states_icsd24_filtered.txt") })
            {
                Agreement(set, SmactRules(data, file), sample, sampleFile, smactPath, python);
            }
        }
        finally
        {
            File.Delete(sampleFile);
        }

        return 0;
    }

    private static ScreeningRules SmactRules(string data, string oxidationFile) => new(
        OxidationStateSet.LoadSmactFile(Path.Combine(data, "smact", oxidationFile)),
        ElectronegativityTable.LoadSmactElementData(Path.Combine(data, "smact", "element_data.txt")),
        MetalSet.Smact);

    private static string[] ReadFormulas(string path) =>
        File.ReadLines(path).Skip(1).Select(line => line[..line.IndexOf(',', StringComparison.Ordinal)]).ToArray();

    private static string[] Sample(string[] formulas, int size, int seed)
    {
        var random = new Random(seed);
        var copy = (string[])formulas.Clone();
        size = Math.Min(size, copy.Length);
        for (var i = 0; i < size; i++)
        {
            var j = random.Next(i, copy.Length);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }

        return copy[..size];
    }

    private static double Measure(string what, int threads, string[] formulas, int repeat, Func<string, bool> screen)
    {
        var rates = new List<double>();
        var sink = 0;
        for (var r = -2; r < repeat; r++)
        {
            var watch = Stopwatch.StartNew();
            if (threads == 1)
            {
                foreach (var f in formulas)
                {
                    sink += screen(f) ? 1 : 0;
                }
            }
            else
            {
                var counts = new int[threads];
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                {
                    var local = 0;
                    for (var i = t; i < formulas.Length; i += threads)
                    {
                        local += screen(formulas[i]) ? 1 : 0;
                    }

                    counts[t] = local;
                });
                sink += counts.Sum();
            }

            watch.Stop();
            if (r >= 0)
            {
                rates.Add(formulas.Length / watch.Elapsed.TotalSeconds); // two runs first warm the JIT (tiered compilation)
            }
        }

        rates.Sort();
        Console.WriteLine($"| {what} | {threads} | {rates[^1]:N0} | {rates[rates.Count / 2]:N0} |");
        GC.KeepAlive(sink);
        return rates[rates.Count / 2];
    }

    private static void Agreement(string set, ScreeningRules rules, string[] sample, string sampleFile, string smactPath, string python)
    {
        var outFile = sampleFile + "." + set + ".tsv";
        var scriptPath = Path.Combine(AppContext.BaseDirectory, "scripts", "smact_reference.py");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { scriptPath, "--smact-path", smactPath, "--formulas", sampleFile, "--set", set, "--out", outFile })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {python}");
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"SMACT reference run failed ({set}): {stderr.Trim()}");
            return;
        }

        using var summary = JsonDocument.Parse(stdout);
        var smactRate = summary.RootElement.GetProperty("validity_per_second").GetDouble();
        var version = summary.RootElement.GetProperty("smact_version").GetString();
        var reference = File.ReadAllLines(outFile).Select(l => l.Split('\t')).ToArray();
        File.Delete(outFile);

        var compositeRules = new CompositionRules(rules);
        var noAlloy = new CompositionRules(rules with { IncludeAlloys = false });
        var neutralOnly = new CompositionRules(rules with { IncludeAlloys = false, UsePaulingTest = false });
        var tests = new (string Name, int Column, Func<Composition, bool> Ours)[]
        {
            ("charge neutrality (no alloy rule, no Pauling)", 1, c => neutralOnly.IsValid(c)),
            ("neutrality + Pauling test (no alloy rule)", 2, c => noAlloy.IsValid(c)),
            ("smact_validity (defaults)", 3, c => compositeRules.IsValid(c)),
        };

        var oursRate = Measure($"parse + validity ({set} files), the agreement sample", 1, sample, 5, f => FormulaParser.TryParse(f, out var c, out _) && compositeRules.IsValid(c));
        Console.WriteLine();
        Console.WriteLine($"## Agreement with SMACT {version} on {sample.Length:N0} random formulas (seed), oxidation states '{set}', SMACT's element_data.txt");
        Console.WriteLine();
        Console.WriteLine("| test | agree | disagree | agreement |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        var disagreements = new List<(string Test, string Formula, bool Ours, string Smact)>();
        foreach (var (name, column, ours) in tests)
        {
            var agree = 0;
            for (var i = 0; i < sample.Length; i++)
            {
                var row = reference[i];
                var verdict = FormulaParser.TryParse(row[0], out var c, out _) && ours(c);
                if ((verdict ? "1" : "0") == row[column])
                {
                    agree++;
                }
                else
                {
                    disagreements.Add((name, row[0], verdict, row[column]));
                }
            }

            Console.WriteLine($"| {name} | {agree:N0} | {sample.Length - agree:N0} | {100.0 * agree / sample.Length:F2} % |");
        }

        Console.WriteLine();
        Console.WriteLine($"Speed on this sample, 1 thread, parse + smact_validity: SMACT {smactRate:N0} formulas/s, ours {oursRate:N0} formulas/s ({oursRate / smactRate:N0}×). Both measured on the same shared machine, one after the other.");
        foreach (var group in disagreements.GroupBy(d => (d.Test, Category(d.Formula, rules))))
        {
            Console.WriteLine($"- disagreement: {group.Key.Test}, {group.Key.Item2}: {group.Count()} (e.g. {string.Join(", ", group.Take(5).Select(d => $"{d.Formula} ours={d.Ours} smact={d.Smact}"))})");
        }

        if (disagreements.Count == 0)
        {
            Console.WriteLine("- no disagreements");
        }
    }

    private static string Category(string formula, ScreeningRules rules)
    {
        if (!FormulaParser.TryParse(formula, out var c, out var error))
        {
            return "unreadable here: " + error.Kind;
        }

        if (!c.IsIntegral)
        {
            return "fractional amounts (SMACT truncates with int())";
        }

        if (c.Elements.Any(e => double.IsNaN(rules.Electronegativities[e])))
        {
            return "element without electronegativity";
        }

        if (c.Elements.Any(e => rules.OxidationStates[e].IsEmpty))
        {
            return "element without oxidation states";
        }

        return "other";
    }
}
