using System.Diagnostics;
using System.Globalization;
using System.Text;
using MatAssistant.Literature;

namespace MatAssistant.Bench;

/// <summary>
/// <c>retrieve</c>: ingest time, index size and query latency (p50/p99, warm searcher) on the shipped corpus and on synthetic
/// corpora of growing size (default up to 100,000 passages, generated into a temporary directory and deleted afterwards).
/// Options: <c>--sizes 10000,30000,100000</c>, <c>--queries N</c> (default 500), <c>--corpus DIR</c>, <c>--eval FILE</c>,
/// <c>--dense</c> (BM25 fused with the shipped all-MiniLM-L6-v2 embeddings; use small <c>--sizes</c>: embedding is the cost).
/// </summary>
internal static class RetrievalBenchmark
{
    private const int ParagraphsPerDocument = 100;

    public static int Run(string[] args)
    {
        var sizes = (BenchPaths.Option(args, "--sizes") ?? "10000,30000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var queryCount = int.Parse(BenchPaths.Option(args, "--queries") ?? "500", CultureInfo.InvariantCulture);
        var corpus = BenchPaths.Option(args, "--corpus") ?? FindUp(Path.Combine("corpus", "literature"))!;
        var eval = BenchPaths.Option(args, "--eval") ?? FindUp(Path.Combine("shared", "eval", "literature_dev.jsonl"), mustExist: false);
        using var model = args.Contains("--dense") ? new MiniLmEmbeddings() : null;
        var options = model is null ? LiteratureOptions.Default : new LiteratureOptions(Embeddings: model, EmbeddingModelId: MiniLmEmbeddings.ModelId);
        var scratch = Path.Combine(Path.GetTempPath(), $"matassist-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        Console.WriteLine($"retrieve benchmark{(model is null ? "" : " (BM25 + MiniLM)")} — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine("corpus       passages  documents  ingest s  index MiB  query p50 ms  query p99 ms  queries");
        try
        {
            var corpusText = Directory.GetFiles(corpus).Where(DocumentReader.IsSupported).Select(File.ReadAllText).ToList();
            var questions = eval is not null && File.Exists(eval) ? RetrievalEvaluation.Read(eval) : [];
            var queries = questions.Select(q => q.Question).Concat(SampleQueries(corpusText, queryCount, seed: 1)).Take(queryCount).ToList();
            Measure("shipped", [corpus], Path.Combine(scratch, "shipped"), queries, questions, options);

            var vocabulary = Vocabulary(corpusText);
            foreach (var size in sizes)
            {
                var directory = Path.Combine(scratch, $"synthetic-{size}");
                var texts = Generate(directory, size, vocabulary, seed: size);
                var synthetic = SampleQueries(texts, queryCount, seed: 7).ToList();
                Measure($"synthetic", [directory], Path.Combine(scratch, $"data-{size}"), synthetic, [], options);
                Directory.Delete(directory, recursive: true);
                Directory.Delete(Path.Combine(scratch, $"data-{size}"), recursive: true);
            }

            Console.WriteLine("(synthetic queries are 2–6 word spans of the synthetic text; shipped queries are the dev questions plus spans of the corpus)");
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void Measure(string name, string[] sources, string dataDir, List<string> queries, List<RetrievalQuestion> questions, LiteratureOptions options)
    {
        var clock = Stopwatch.StartNew();
        var report = LiteratureIngestor.Ingest(sources, dataDir, options);
        var ingest = clock.Elapsed.TotalSeconds;
        using var index = LiteratureIndex.TryOpen(dataDir, options) ?? throw new InvalidOperationException("no index was built");

        // Warm-up: JIT and the operating system's page cache, as in a long-lived process.
        foreach (var query in queries.Take(50))
        {
            index.Search(query, 5);
        }

        var times = new List<double>(queries.Count);
        foreach (var query in queries)
        {
            clock.Restart();
            index.Search(query, 5);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name,-12} {report.Chunks,8}  {report.Documents.Count,9}  {ingest,8:F2}  {report.IndexBytes / 1048576.0,9:F2}  {Percentile(times, 0.5),12:F2}  {Percentile(times, 0.99),12:F2}  {times.Count,7}"));
        if (questions.Count > 0)
        {
            var metrics = RetrievalEvaluation.Evaluate(index, questions);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"             eval: {metrics.Questions} questions, recall@1 {metrics.RecallAt1:F3}, recall@5 {metrics.RecallAtK:F3}, MRR {metrics.Mrr:F3}"));
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>English words of the corpus with their frequencies, so synthetic text has a natural (Zipf-like) term distribution.</summary>
    private static string[] Vocabulary(List<string> texts) =>
        texts.Where(t => TextSpans.DetectLanguage(t) == "en")
            .SelectMany(t => t.Split([' ', '\n', '\t', ',', '.', ';', ':', '(', ')', '[', ']', '"'], StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.All(char.IsLetter) && w.Length > 1)
            .ToArray();

    private static List<string> Generate(string directory, int passages, string[] vocabulary, int seed)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        var texts = new List<string>();
        var documents = (passages + ParagraphsPerDocument - 1) / ParagraphsPerDocument;
        for (var d = 0; d < documents; d++)
        {
            var text = new StringBuilder();
            text.Append("Synthetic study ").Append(d).Append(" of ").Append(Words(random, vocabulary, 6)).Append("\n\n");
            var paragraphs = Math.Min(ParagraphsPerDocument, passages - (d * ParagraphsPerDocument));
            for (var p = 0; p < paragraphs; p++)
            {
                if (p % 10 == 0)
                {
                    text.Append(p / 10 + 1).Append(". ").Append(char.ToUpperInvariant(vocabulary[random.Next(vocabulary.Length)][0])).Append(Words(random, vocabulary, 4)).Append("\n\n");
                }

                // About 550 characters: one passage per paragraph at the default chunk size.
                for (var s = 0; s < 5; s++)
                {
                    var sentence = Words(random, vocabulary, random.Next(12, 20));
                    text.Append(char.ToUpperInvariant(sentence[0])).Append(sentence, 1, sentence.Length - 1).Append(". ");
                }

                text.Length--;
                text.Append("\n\n");
            }

            var content = text.ToString();
            texts.Add(content);
            File.WriteAllText(Path.Combine(directory, $"synthetic_{d:D5}.txt"), content);
        }

        return texts;
    }

    private static string Words(Random random, string[] vocabulary, int count)
    {
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = vocabulary[random.Next(vocabulary.Length)].ToLowerInvariant();
        }

        return string.Join(' ', words);
    }

    /// <summary>Queries made of 2–6 consecutive words of the texts, as users quote a phrase they remember.</summary>
    private static IEnumerable<string> SampleQueries(List<string> texts, int count, int seed)
    {
        var random = new Random(seed);
        var english = texts.Where(t => TextSpans.DetectLanguage(t) == "en").Select(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        for (var i = 0; i < count; i++)
        {
            var words = english[random.Next(english.Count)];
            var length = random.Next(2, 7);
            var start = random.Next(Math.Max(1, words.Length - length));
            yield return string.Join(' ', words.Skip(start).Take(length));
        }
    }

    private static string? FindUp(string relative, bool mustExist = true)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate) || File.Exists(candidate))
            {
                return candidate;
            }
        }

        return mustExist ? throw new DirectoryNotFoundException($"{relative} was not found above {AppContext.BaseDirectory}: pass it as an option.") : null;
    }
}
