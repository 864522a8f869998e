using System.Globalization;
using MatAssistant.Screening.Surrogates;
using MatAssistant.Torch;

namespace MatAssistant.Bench;

/// <summary>
/// Trains a shipped surrogate through <see cref="SurrogatePipeline"/> until the CLI calls it:
/// <c>train-surrogate NAME [--members 5] [--epochs 60] [--cv none|family|matbench|all] [--cv-members N] [--cv-epochs N]
/// [--cv-max-rows N] [--max-rows N] [--threads 1] [--output models] [--data DIR] [--dry-run]</c>. Progress goes to stderr.
/// </summary>
internal static class TrainSurrogateBenchmark
{
    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("usage: train-surrogate NAME [options]");
            return 2;
        }

        int? Int(string name) => BenchPaths.Option(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : null;
        TorchRuntime.SetThreads(Int("--threads") ?? 1);
        var training = SurrogateTrainingOptions.Default with
        {
            Members = Int("--members") ?? SurrogateTrainingOptions.Default.Members,
            Epochs = Int("--epochs") ?? SurrogateTrainingOptions.Default.Epochs,
            MaxTrainingRows = Int("--max-rows"),
        };
        var cv = training with
        {
            Members = Int("--cv-members") ?? training.Members,
            Epochs = Int("--cv-epochs") ?? training.Epochs,
            MaxTrainingRows = Int("--cv-max-rows"),
        };
        var last = "";
        var result = SurrogatePipeline.Run(
            new SurrogatePipelineOptions(
                args[0],
                BenchPaths.Option(args, "--data"),
                BenchPaths.Option(args, "--output") ?? "models",
                training,
                BenchPaths.Option(args, "--cv") ?? "family",
                cv,
                Write: !args.Contains("--dry-run")),
            new Reporter(p =>
            {
                var line = p.Step is { } s ? $"{p.Stage} {p.Split}: member {s.Member}/{s.Members}" : $"{p.Stage} {p.Split}";
                if (line != last)
                {
                    Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}");
                    last = line;
                }
            }));
        if (BenchPaths.Option(args, "--labels-out") is { } labelsOut)
        {
            File.WriteAllLines(labelsOut, result.Labels.Changes.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Formula},{c.OldTarget},{c.NewTarget},{c.Reason}")));
        }

        using (result.Model)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Spec.Name}: {result.Seconds:0} s; labels changed {result.Labels.Changes.Count}; calibration {result.Calibration}; unreliable {string.Join(",", result.Families.Where(f => f.Unreliable).Select(f => f.Family))}"));
            foreach (var pair in result.Model.Header.Training)
            {
                Console.WriteLine($"  {pair.Key} = {pair.Value}");
            }

            foreach (var e in result.Evaluations)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {e.Protocol}: MAE {e.Summary.Mae:0.000}, ROC-AUC {e.Summary.RocAuc:0.000}, within 1σ {e.Summary.Within1Sigma:P1}, within 2σ {e.Summary.Within2Sigma:P1}"));
            }

            Console.WriteLine(result.ModelPath is null ? "  (dry run: nothing written)" : $"  wrote {result.ModelPath} and {result.CardPath}");
        }

        return 0;
    }

    private sealed class Reporter(Action<SurrogatePipelineProgress> report) : IProgress<SurrogatePipelineProgress>
    {
        public void Report(SurrogatePipelineProgress value) => report(value);
    }
}
