using System.CommandLine;
using System.Globalization;
using MatAssistant.Chemistry;
using MatAssistant.Screening.Surrogates;

namespace MatAssistant.Cli.Commands;

/// <summary>
/// <c>eval FILE.csv --mode properties</c>: the shipped band-gap and metal models on well-known compounds with literature
/// gaps (<see cref="TextbookEvaluation"/>; <c>formula,gap_ev,is_metal[,note]</c>, e.g. <c>../shared/eval/properties_dev.csv</c>).
/// </summary>
internal static class EvalProperties
{
    public static int Run(ParseResult parse, string path, string modelsDirectory)
    {
        var output = parse.InvocationConfiguration.Output;
        IReadOnlyList<TextbookCompound> compounds;
        try
        {
            compounds = TextbookEvaluation.Load(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException or IndexOutOfRangeException)
        {
            throw new UsageException($"the property set '{path}' could not be read: {e.Message}");
        }

        if (compounds.FirstOrDefault(c => !Composition.TryParse(c.Formula, out _, out _)) is { } bad)
        {
            throw new UsageException($"the property set '{path}' has a formula that does not parse: '{bad.Formula}'.");
        }

        using var predictor = PropertyPredictor.LoadDirectory(modelsDirectory);
        if (!predictor.Names.Contains(SurrogateCatalog.BandGap.Name))
        {
            throw new UsageException($"no band_gap model in '{modelsDirectory}': {string.Join("; ", predictor.Missing)}");
        }

        // In-sample rows (the models trained on the composition) are reported apart; without the shared data that split is unknown.
        var data = SharedDataLocator.TryFindDataDirectory();
        var keys = data is null ? null : TextbookEvaluation.TrainingKeys(data);
        var report = TextbookEvaluation.Evaluate(predictor, compounds, keys);
        var notes = new List<string>();
        if (keys is null)
        {
            notes.Add("the shared data was not found, so in-sample rows are not told apart (all rows count as out of sample)");
        }

        if (predictor.DftGaps is null)
        {
            notes.Add($"{DftGapReference.FileName} is absent: band gaps are not anchored on Materials Project PBE gaps");
        }

        if (predictor.MeasuredGaps is null)
        {
            notes.Add($"{MeasuredGapReference.FileName} is absent: known compositions get the models' estimate, not their measured gap");
        }

        notes.AddRange(predictor.Missing.Select(m => $"missing: {m}"));
        if (parse.GetValue(CommonOptions.Json))
        {
            JsonOutput.Write(output, new
            {
                Mode = "properties",
                Set = Path.GetFileName(path),
                report.All,
                report.OutOfSample,
                report.InSample,
                report.MeasuredValue,
                report.Predicted,
                MisclassifiedInsulators = report.Rows.Where(r => !r.Compound.IsMetal && r.MetalProbability >= 0.5).Select(r => new { r.Compound.Formula, PMetal = r.MetalProbability }),
                Rows = report.Rows.Select(r => new { r.Compound.Formula, LiteratureGap = r.Compound.Gap, r.Compound.IsMetal, r.PredictedGap, r.GapStd, r.MetalProbability, r.GapInDistribution, r.InSample, r.GapSource }),
                Notes = notes,
            });
            return ExitCodes.Success;
        }

        output.Write(TextbookEvaluation.Markdown(report));
        var misclassified = report.Rows.Where(r => !r.Compound.IsMetal && r.MetalProbability >= 0.5).ToArray();
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.All.Compounds} compounds, {report.All.NonMetals} non-metals: gap MAE {report.All.GapMae:0.000} eV, within 1σ {report.All.Within1Sigma:P1}, within 2σ {report.All.Within2Sigma:P1}; insulators called metals (p_metal ≥ 0.5): {(misclassified.Length == 0 ? "none" : string.Join(", ", misclassified.Select(r => $"{r.Compound.Formula} ({r.MetalProbability:0.00})")))}; with p_metal ≥ {TextbookEvaluation.ConfidentMetal}: {report.All.ConfidentMisses.Count}"));
        foreach (var note in notes)
        {
            output.WriteLine($"note: {note}");
        }

        return ExitCodes.Success;
    }
}
