using System.Diagnostics;
using System.Globalization;
using MatAssistant.Torch;

namespace MatAssistant.Screening.Surrogates;

/// <summary>Options of <see cref="SurrogatePipeline.Run"/>, the whole of <c>matassist train surrogate NAME</c>.</summary>
/// <param name="Name">Which surrogate (<see cref="SurrogateCatalog"/>).</param>
/// <param name="DataDirectory">Shared data directory (default: <see cref="SurrogateDataset.ResolveDataDirectory"/>).</param>
/// <param name="OutputDirectory">Where NAME.surrogate and NAME.md are written (default <c>models</c>).</param>
/// <param name="Training">Options of the shipped model (default <see cref="SurrogateTrainingOptions.Default"/>).</param>
/// <param name="Evaluation"><c>none</c>, <c>family</c> (default: leave one family out, which also calibrates σ and the
/// unreliable-family flag), <c>matbench</c> (official 5 folds, no family calibration) or <c>all</c> (both).</param>
/// <param name="EvaluationTraining">Options inside the evaluations (default: <paramref name="Training"/>).</param>
/// <param name="CleanLabels">Apply <see cref="MetalLabels"/> to specs that ask for it (default true).</param>
/// <param name="MinimumFamilySkill">Families with a leave-out skill below this are flagged out of distribution (default 0.3:
/// the model trained without the family is less than 30 % better than a constant there).</param>
/// <param name="Write">Write the model and card (default true; false for a dry run).</param>
/// <param name="Reproduce">The command line recorded in the card (default: the equivalent <c>matassist train surrogate</c> call).</param>
public sealed record SurrogatePipelineOptions(
    string Name,
    string? DataDirectory = null,
    string OutputDirectory = "models",
    SurrogateTrainingOptions? Training = null,
    string Evaluation = "family",
    SurrogateTrainingOptions? EvaluationTraining = null,
    bool CleanLabels = true,
    double MinimumFamilySkill = ModelCard.MinimumSkill,
    bool Write = true,
    string? Reproduce = null);

/// <summary>Where the pipeline is: a stage (<c>labels</c>, <c>matbench</c>, <c>family</c>, <c>train</c>, <c>write</c>) and the training step inside it.</summary>
public sealed record SurrogatePipelineProgress(string Stage, string Split, SurrogateTrainingProgress? Step);

/// <summary>What <see cref="SurrogatePipeline.Run"/> produced.</summary>
public sealed record SurrogatePipelineResult(
    SurrogateSpec Spec,
    SurrogateModel Model,
    string? ModelPath,
    string? CardPath,
    string Card,
    IReadOnlyList<SurrogateEvaluationReport> Evaluations,
    LabelCleaningReport Labels,
    SigmaCalibrationResult? Calibration,
    IReadOnlyList<FamilyReliability> Families,
    double Seconds);

/// <summary>
/// Trains a shipped surrogate end to end: reads its data set, cleans metal labels, evaluates (Matbench folds, leave one
/// chemical family out), calibrates σ and the unreliable-family flag on the left-out families, trains the shipped model
/// on all rows and writes model and card atomically. Deterministic for fixed options and thread count.
/// </summary>
public static class SurrogatePipeline
{
    public static SurrogatePipelineResult Run(SurrogatePipelineOptions options, IProgress<SurrogatePipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var spec = SurrogateCatalog.Find(options.Name)
            ?? throw new ArgumentException($"unknown surrogate '{options.Name}': use one of {string.Join(", ", SurrogateCatalog.All.Select(s => s.Name))}.", nameof(options));
        var protocol = options.Evaluation.ToLowerInvariant();
        if (protocol is not ("none" or "matbench" or "family" or "all"))
        {
            throw new ArgumentException($"evaluation '{options.Evaluation}' is not known: use none, matbench, family or all.", nameof(options));
        }

        var training = options.Training ?? SurrogateTrainingOptions.Default;
        var evaluationTraining = options.EvaluationTraining ?? training;
        var stopwatch = Stopwatch.StartNew();
        var dataDirectory = SurrogateDataset.ResolveDataDirectory(options.DataDirectory);
        var rows = SurrogateDataset.Load(SurrogateDataset.FoldsFile(dataDirectory, spec), out _);

        var labels = LabelCleaningReport.None;
        if (spec.CleanMetalLabels && options.CleanLabels)
        {
            progress?.Report(new SurrogatePipelineProgress("labels", "", null));
            var dft = MetalLabels.LoadDftGaps(dataDirectory);
            var gaps = spec.Kind == SurrogateKind.Classification
                ? MetalLabels.ExperimentalGaps(SurrogateDataset.Load(SurrogateDataset.FoldsFile(dataDirectory, SurrogateCatalog.BandGap), out _))
                : null;
            (rows, labels) = MetalLabels.Clean(spec, rows, dft, gaps);
        }

        var evaluations = new List<SurrogateEvaluationReport>();
        SurrogateEvaluation.RowPredictions? random = null;
        if (protocol is "matbench" or "all")
        {
            (var report, random) = SurrogateEvaluation.Matbench(spec, rows, evaluationTraining, Forward(progress, "matbench"), cancellationToken);
            evaluations.Add(report);
        }

        SigmaCalibrationResult? calibration = null;
        IReadOnlyList<FamilyReliability> families = [];
        if (protocol is "family" or "all")
        {
            var (report, heldOut) = SurrogateEvaluation.FamilyOutWithPredictions(spec, rows, evaluationTraining, random, progress: Forward(progress, "family"), cancellationToken: cancellationToken);
            evaluations.Add(report);
            families = SigmaCalibration.Families(spec, rows, report, heldOut, options.MinimumFamilySkill);
            if (spec.Kind == SurrogateKind.Regression)
            {
                var (errors, sigma) = SigmaCalibration.HeldOut(rows, report, heldOut);
                calibration = SigmaCalibration.Fit(errors, sigma, SigmaCalibration.MinimumFloor(spec));
            }
        }

        var model = SurrogateTrainer.Train(spec, rows, training,
            new ImmediateProgress<SurrogateTrainingProgress>(p => progress?.Report(new SurrogatePipelineProgress("train", spec.Name, p))), cancellationToken);
        var unreliable = families.Where(f => f.Unreliable).Select(f => f.Family).ToArray();
        model.Recalibrate(h =>
        {
            var t = new Dictionary<string, string>(h.Training, StringComparer.Ordinal)
            {
                ["labels_changed"] = labels.Changes.Count(c => c.NewTarget is not null).ToString(CultureInfo.InvariantCulture),
                ["labels_dropped"] = labels.Changes.Count(c => c.NewTarget is null).ToString(CultureInfo.InvariantCulture),
                ["unreliable_families"] = unreliable.Length == 0 ? "none" : string.Join(",", unreliable),
            };
            if (calibration is not null)
            {
                t["sigma_floor"] = calibration.Floor.ToString("G4", CultureInfo.InvariantCulture);
                t["family_scale"] = calibration.Scale.ToString("G4", CultureInfo.InvariantCulture);
            }

            return h with
            {
                Training = t,
                SigmaFloor = calibration?.Floor ?? SigmaCalibration.MinimumFloor(spec),
                FamilyScale = calibration?.Scale ?? 1,
                UnreliableFamilies = unreliable,
            };
        });

        var reproduce = options.Reproduce ?? Reproduce(spec, training, protocol, evaluationTraining);
        var card = ModelCard.Write(spec, model, evaluations, reproduce, labels, calibration, families);
        string? modelPath = null, cardPath = null;
        if (options.Write)
        {
            progress?.Report(new SurrogatePipelineProgress("write", spec.Name, null));
            var directory = Path.GetFullPath(options.OutputDirectory);
            modelPath = Path.Combine(directory, spec.FileName);
            cardPath = Path.Combine(directory, $"{spec.Name}.md");
            model.Save(modelPath);
            AtomicFile.Write(cardPath, stream =>
            {
                using var writer = new StreamWriter(stream, leaveOpen: true);
                writer.Write(card);
            });
        }

        return new SurrogatePipelineResult(spec, model, modelPath, cardPath, card, evaluations, labels, calibration, families, stopwatch.Elapsed.TotalSeconds);
    }

    private static string Reproduce(SurrogateSpec spec, SurrogateTrainingOptions o, string protocol, SurrogateTrainingOptions cv) =>
        $"matassist train surrogate {spec.Name} --members {o.Members} --epochs {o.Epochs} --seed {o.Seed}"
        + (o.MaxTrainingRows is { } mr ? $" --max-rows {mr}" : "") + (o.Bootstrap ? " --bootstrap" : "")
        + (protocol != "none" ? $" --cv {protocol} --cv-members {cv.Members} --cv-epochs {cv.Epochs}" + (cv.MaxTrainingRows is { } cmr ? $" --cv-max-rows {cmr}" : "") : " --cv none");

    private static ImmediateProgress<SurrogateEvaluationProgress> Forward(IProgress<SurrogatePipelineProgress>? progress, string stage) =>
        new(p => progress?.Report(new SurrogatePipelineProgress(stage, p.Split, p.Step)));
}
