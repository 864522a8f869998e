using System.Globalization;
using MatAssistant.Screening.Surrogates;
using MatAssistant.Torch;

namespace MatAssistant.Bench;

/// <summary>
/// The textbook evaluation of the shipped band-gap and metal models (<see cref="TextbookEvaluation"/>):
/// <c>properties [--models DIR] [--data DIR] [--set FILE]... [--cards]</c>. Default sets: <c>../shared/eval/properties_dev.csv</c>
/// , <c>bench/data/properties_extra.csv</c> and <c>bench/data/properties_holdout.csv</c> (written after the neighbour
/// correction of the PBE map was chosen, before its predictions were seen, so that one set had no say in any choice). With <c>--cards</c> the tables replace the textbook section of
/// <c>models/band_gap.md</c> and <c>models/is_metal.md</c>.
/// </summary>
internal static class PropertiesBenchmark
{
    private const string Begin = "<!-- textbook evaluation: written by `bench properties --cards` -->";
    private const string End = "<!-- end of textbook evaluation -->";

    public static int Run(string[] args)
    {
        var models = BenchPaths.Option(args, "--models") ?? Path.GetFullPath("models");
        var data = BenchPaths.DataDirectory(BenchPaths.Option(args, "--data"));
        TorchRuntime.SetThreads(1);
        var sets = args.Select((a, i) => (a, i)).Where(p => p.a == "--set" && p.i + 1 < args.Length).Select(p => args[p.i + 1]).ToList();
        if (sets.Count == 0)
        {
            sets.Add(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(data))!, "eval", "properties_dev.csv"));
            sets.Add(Path.GetFullPath(Path.Combine("bench", "data", "properties_extra.csv")));
            sets.Add(Path.GetFullPath(Path.Combine("bench", "data", "properties_holdout.csv")));
        }

        using var predictor = PropertyPredictor.LoadDirectory(models);
        if (!predictor.Names.Contains(SurrogateCatalog.BandGap.Name))
        {
            Console.Error.WriteLine($"no band_gap model in {models}: {string.Join("; ", predictor.Missing)}");
            return 1;
        }

        var compounds = sets.SelectMany(TextbookEvaluation.Load).ToArray();
        var report = TextbookEvaluation.Evaluate(predictor, compounds, TextbookEvaluation.TrainingKeys(data));
        var markdown = TextbookEvaluation.Markdown(report);
        if (sets.Count > 1)
        {
            // Each set alone too: the development set is the one like the hidden set that judges the models.
            var perSet = sets.Select(set => (Name: Path.GetFileName(set), Report: TextbookEvaluation.Evaluate(predictor, TextbookEvaluation.Load(set), TextbookEvaluation.TrainingKeys(data))));
            markdown = string.Join("\n", perSet.Select(p => $"Only {p.Name}:\n\n{TextbookEvaluation.Markdown(p.Report, perCompound: false)}")) + "\nAll sets:\n\n" + markdown;
        }

        Console.WriteLine(markdown);
        if (args.Contains("--cards"))
        {
            var section = string.Join('\n',
                Begin,
                "## Textbook evaluation",
                "",
                string.Create(CultureInfo.InvariantCulture, $"Well-known compounds with literature gaps ({string.Join(", ", sets.Select(Path.GetFileName))}; {compounds.Length} rows), predicted by the shipped `band_gap` with `is_metal`, `dft_band_gap`, `dft_gaps.bin` and `expt_gaps.csv` as `screen` uses them (a measured gap of the exact composition where `expt_gaps.csv` has one, \"gap from: measured\"; else p_metal fused with the DFT model's probability of a PBE gap, or with the Materials Project PBE gap where MP has the composition, and the band gap the median of its two parts (0 with probability p_metal, else the gap given a non-metal ± σ), the latter anchored on the mapped MP PBE gap where there is one, \"anchored_pbe\"). \"In sample\": the reduced composition is a training row of `expt_gap` or `expt_is_metal`; \"measured value\" rows are in sample by construction, and \"predicted\" are the rows the models answered. Measured on {DateTime.UtcNow:yyyy-MM-dd} with `dotnet run -c Release --project bench/MatAssistant.Bench -- properties --cards`."),
                "",
                markdown.TrimEnd(),
                End,
                "");
            foreach (var name in new[] { SurrogateCatalog.BandGap.Name, SurrogateCatalog.IsMetal.Name })
            {
                var card = Path.Combine(models, $"{name}.md");
                if (!File.Exists(card))
                {
                    continue;
                }

                var text = File.ReadAllText(card);
                var start = text.IndexOf(Begin, StringComparison.Ordinal);
                var stop = text.IndexOf(End, StringComparison.Ordinal);
                text = start >= 0 && stop > start
                    ? text[..start] + section + text[(stop + End.Length)..].TrimStart('\n')
                    : text.Replace("## Limits", section + "\n## Limits", StringComparison.Ordinal);
                AtomicFile.Write(card, stream =>
                {
                    using var writer = new StreamWriter(stream, leaveOpen: true);
                    writer.Write(text);
                });
                Console.Error.WriteLine($"updated {card}");
            }
        }

        return 0;
    }
}
