using MatAssistant.Screening.Surrogates;

namespace MatAssistant.Bench;

/// <summary>
/// <c>dft-gaps [--data DIR] [--output DIR]</c>: builds <c>models/dft_gaps.bin</c> (<see cref="DftGapReference"/>) from the
/// shared data — the highest PBE gap per MP composition and its fitted map to the experimental gap — and prints the fit.
/// </summary>
internal static class DftGapsBenchmark
{
    public static int Run(string[] args)
    {
        var data = BenchPaths.DataDirectory(BenchPaths.Option(args, "--data"));
        var output = BenchPaths.Option(args, "--output") ?? Path.GetFullPath("models");
        var reference = DftGapReference.Build(data);
        var path = Path.Combine(output, DftGapReference.FileName);
        reference.Save(path);
        Console.WriteLine($"{path}: {reference.Count} compositions; {string.Join("; ", reference.Provenance.Select(p => $"{p.Key}: {p.Value}"))}");
        Console.WriteLine(reference.Describe());
        return 0;
    }
}
