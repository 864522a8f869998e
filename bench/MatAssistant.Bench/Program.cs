using MatAssistant.Bench;

// Usage: dotnet run -c Release --project bench/MatAssistant.Bench -- <benchmark> [options]
var benchmarks = new Dictionary<string, Func<string[], int>>(StringComparer.OrdinalIgnoreCase)
{
    ["screen"] = ScreenBenchmark.Run,
    ["rules"] = RulesBenchmark.Run,
    ["retrieve"] = RetrievalBenchmark.Run,
    ["solve"] = OdeBenchmark.Run,
    ["generate"] = GenerationBenchmark.Run,
    ["brains"] = BrainsBenchmark.Run,
    ["surrogates"] = SurrogateBenchmark.Run,
    ["train-surrogate"] = TrainSurrogateBenchmark.Run,
    ["properties"] = PropertiesBenchmark.Run,
    ["dft-gaps"] = DftGapsBenchmark.Run,
    ["web-load"] = WebLoadBenchmark.Run,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: MatAssistant.Bench <{string.Join("|", benchmarks.Keys)}> [options]");
    return 2;
}

return run(args[1..]);
