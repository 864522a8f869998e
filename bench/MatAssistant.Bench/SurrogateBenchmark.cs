using System.Diagnostics;
using System.Globalization;
using MatAssistant.Chemistry;
using MatAssistant.Screening.Surrogates;
using MatAssistant.Torch;

namespace MatAssistant.Bench;

/// <summary>
/// Prediction throughput of the shipped surrogates: <c>surrogates [--models DIR] [--data DIR] [--count N] [--threads T]</c>.
/// Predicts every model for N formulas of expt_gap (repeated as needed) in batches of 4096, as <c>matassist screen</c> does.
/// </summary>
internal static class SurrogateBenchmark
{
    public static int Run(string[] args)
    {
        var models = BenchPaths.Option(args, "--models") ?? Path.GetFullPath("models"); // run from the repository root
        var count = int.Parse(BenchPaths.Option(args, "--count") ?? "20000", CultureInfo.InvariantCulture);
        TorchRuntime.SetThreads(int.Parse(BenchPaths.Option(args, "--threads") ?? "1", CultureInfo.InvariantCulture));
        using var predictor = PropertyPredictor.LoadDirectory(models);
        if (predictor.Names.Count == 0)
        {
            Console.Error.WriteLine($"no surrogate in {models}: {string.Join("; ", predictor.Missing)}");
            return 1;
        }

        var file = Path.Combine(BenchPaths.DataDirectory(BenchPaths.Option(args, "--data")), "expt_gap.csv");
        var formulas = File.ReadLines(file).Skip(1).Select(l => l.Split(',')[0]).ToArray();
        var compositions = Enumerable.Range(0, count).Select(i => Composition.Parse(formulas[i % formulas.Length])).ToArray();
        predictor.PredictBatch(compositions.Take(256).ToArray()); // warm-up
        var stopwatch = Stopwatch.StartNew();
        foreach (var batch in compositions.Chunk(4096))
        {
            predictor.PredictBatch(batch);
        }

        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"surrogates: {string.Join(", ", predictor.Names)}; {count} compositions in {seconds:0.00} s = {count / seconds:0} compositions/s (all models, featurisation and distance test included)"));
        return 0;
    }
}
