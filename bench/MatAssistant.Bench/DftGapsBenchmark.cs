using MatAssistant.Screening.Surrogates;
using MatAssistant.Torch;

namespace MatAssistant.Bench;

/// <summary>
/// <c>dft-gaps [--data DIR] [--output DIR]</c>: builds the two derived gap references of <c>models/</c> from the shared
/// data and prints what went into them: <c>dft_gaps.bin</c> (<see cref="DftGapReference"/>: the highest PBE gap per MP
/// composition and its fitted, cross-validated map to the experimental gap) and <c>expt_gaps.csv</c>
/// (<see cref="MeasuredGapReference"/>: the measured gaps of <c>expt_gap</c> after label cleaning and the PBE cross-check,
/// with every composition left out and why).
/// </summary>
internal static class DftGapsBenchmark
{
    public static int Run(string[] args)
    {
        var data = BenchPaths.DataDirectory(BenchPaths.Option(args, "--data"));
        var output = BenchPaths.Option(args, "--output") ?? Path.GetFullPath("models");
        TorchRuntime.SetThreads(1);
        var reference = DftGapReference.Build(data);
        var path = Path.Combine(output, DftGapReference.FileName);
        reference.Save(path);
        Console.WriteLine($"{path}: {reference.Count} compositions; {string.Join("; ", reference.Provenance.Select(p => $"{p.Key}: {p.Value}"))}");
        Console.WriteLine(reference.Describe());

        var measured = MeasuredGapReference.Build(data, out var excluded);
        var measuredPath = Path.Combine(output, MeasuredGapReference.FileName);
        measured.Save(measuredPath);
        Console.WriteLine($"{measuredPath}: {measured.Count} compositions with a measured gap > 0; {excluded.Count} positive gaps left out by the PBE cross-check:");
        foreach (var change in excluded)
        {
            Console.WriteLine($"  {change.Formula} {change.OldTarget:0.00} eV: {change.Reason}");
        }

        return 0;
    }
}
