using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace MatAssistant.Literature.Tests;

/// <summary>Recall with and without the shipped MiniLM model, and its cost; run on demand (MATASSIST_MEASURE_DENSE=1), it takes a minute.</summary>
public sealed class DenseMeasurementTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Recall_WithAndWithoutMiniLm()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("MATASSIST_MEASURE_DENSE") == "1", "a measurement, not a check: set MATASSIST_MEASURE_DENSE=1 to run it");
        var sets = new[] { SharedData.Available ? SharedData.Eval("literature_dev.jsonl") : null, Path.Combine(AppContext.BaseDirectory, "TestData", "literature_extra.jsonl"), Path.Combine(AppContext.BaseDirectory, "TestData", "literature_paraphrase.jsonl") }
            .Where(p => p is not null && File.Exists(p)).Select(p => p!).ToList();
        using var model = new MiniLmEmbeddings();
        var dense = new LiteratureOptions(Embeddings: model, EmbeddingModelId: MiniLmEmbeddings.ModelId);
        foreach (var (label, ingestOptions, searchOptions) in new[]
        {
            ("bm25", LiteratureOptions.Default, new[] { LiteratureOptions.Default }),
            ("bm25+minilm", dense, [dense, dense with { DenseWeight = 0.5 }, dense with { DenseWeight = 0.25 }]),
        })
        {
            using var scratch = new Scratch();
            var clock = Stopwatch.StartNew();
            var report = LiteratureIngestor.Ingest([scratch.CorpusDir], scratch.DataDir, ingestOptions);
            var ingest = clock.Elapsed.TotalSeconds;
            output.WriteLine($"{label}: ingest {ingest:F2} s for {report.Chunks} passages ({ingest * 1000 / report.Chunks:F2} s per 1,000), index {report.IndexBytes / 1048576.0:F2} MiB");
            foreach (var options in searchOptions)
            {
                using var index = LiteratureIndex.TryOpen(scratch.DataDir, options)!;
                output.WriteLine($" dense weight {(options.Embeddings is null ? 0 : options.DenseWeight)}");
                var times = new List<double>();
                foreach (var set in sets)
                {
                    var questions = RetrievalEvaluation.Read(set);
                    var metrics = RetrievalEvaluation.Evaluate(index, questions, 5);
                    output.WriteLine($"  {Path.GetFileName(set)}: n={metrics.Questions} R@1={metrics.RecallAt1:F3} R@5={metrics.RecallAtK:F3} MRR={metrics.Mrr:F3}");
                    foreach (var q in questions)
                    {
                        var t = Stopwatch.StartNew();
                        index.Search(q.Question, 5);
                        times.Add(t.Elapsed.TotalMilliseconds);
                    }
                }

                times.Sort();
                output.WriteLine($"  query p50 {times[times.Count / 2]:F2} ms, p99 {times[(int)(times.Count * 0.99)]:F2} ms over {times.Count} queries");
            }
        }
    }
}
