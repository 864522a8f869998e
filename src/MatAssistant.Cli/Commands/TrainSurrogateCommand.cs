using System.CommandLine;
using System.Globalization;
using MatAssistant.Screening.Surrogates;
using MatAssistant.Torch;
using Spectre.Console;

namespace MatAssistant.Cli.Commands;

/// <summary>
/// <c>matassist train surrogate NAME</c>: parses options, draws progress and prints the summary; the work (labels,
/// evaluation, σ calibration, training, atomic writes) is <see cref="SurrogatePipeline.Run"/>.
/// </summary>
internal static class TrainSurrogateCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = $"Which surrogate: {string.Join(", ", SurrogateCatalog.All.Select(s => s.Name))}." };
        var data = new Option<string?>("--data") { Description = "Shared data directory (default: MATASSIST_DATA, else ../shared/data)." };
        var output = new Option<string>("--output") { Description = "Directory for NAME.surrogate and NAME.md (default: models).", DefaultValueFactory = _ => "models" };
        var members = new Option<int>("--members") { Description = "Ensemble size.", DefaultValueFactory = _ => SurrogateTrainingOptions.Default.Members };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per member.", DefaultValueFactory = _ => SurrogateTrainingOptions.Default.Epochs };
        var maxRows = new Option<int?>("--max-rows") { Description = "Train on at most N rows (random subsample; default all)." };
        var seed = new Option<long>("--seed") { Description = "Seed of every random choice.", DefaultValueFactory = _ => SurrogateTrainingOptions.Default.Seed };
        var threads = new Option<int>("--threads") { Description = "TorchSharp threads (default 1; more is slower on a busy machine).", DefaultValueFactory = _ => 1 };
        var bootstrap = new Option<bool>("--bootstrap") { Description = "Train each member on a bootstrap resample (default false: members differ by seed and order).", DefaultValueFactory = _ => SurrogateTrainingOptions.Default.Bootstrap };
        var cv = new Option<string>("--cv")
        {
            Description = "Evaluate first: family (default: leave one chemical family out, which also calibrates σ and flags unreliable families), matbench (official 5 folds), all (both), none (no evaluation, no calibration).",
            DefaultValueFactory = _ => new SurrogatePipelineOptions("").Evaluation,
        };
        var cvMembers = new Option<int?>("--cv-members") { Description = "Ensemble size inside the evaluation (default: --members)." };
        var cvEpochs = new Option<int?>("--cv-epochs") { Description = "Epochs inside the evaluation (default: --epochs)." };
        var cvMaxRows = new Option<int?>("--cv-max-rows") { Description = "Training rows per evaluation split, random subsample (default: all)." };
        var keepLabels = new Option<bool>("--keep-labels") { Description = "Train on the data set's labels as given (default: metal labels cleaned against the DFT and experimental gaps)." };
        var command = new Command("surrogate", "Train a property surrogate (TorchSharp ensemble) on its Matbench data set and write models/NAME.surrogate with a model card.")
        {
            name, data, output, members, epochs, maxRows, seed, threads, bootstrap, cv, cvMembers, cvEpochs, cvMaxRows, keepLabels,
        };

        command.SetAction((parse, cancellationToken) =>
        {
            var spec = SurrogateCatalog.Find(parse.GetValue(name)!)
                ?? throw new UsageException($"unknown surrogate '{parse.GetValue(name)}': use one of {string.Join(", ", SurrogateCatalog.All.Select(s => s.Name))}.");
            var training = new SurrogateTrainingOptions(
                Members: Positive("--members", parse.GetValue(members)),
                Epochs: Positive("--epochs", parse.GetValue(epochs)),
                Seed: parse.GetValue(seed),
                Bootstrap: parse.GetValue(bootstrap),
                MaxTrainingRows: parse.GetValue(maxRows) is { } m ? Positive("--max-rows", m) : null);
            var protocol = parse.GetValue(cv)!.ToLowerInvariant();
            if (protocol is not ("none" or "matbench" or "family" or "all"))
            {
                throw new UsageException($"--cv '{protocol}' is not known: use family, matbench, all or none.");
            }

            var evaluation = training with
            {
                Members = parse.GetValue(cvMembers) is { } cm ? Positive("--cv-members", cm) : training.Members,
                Epochs = parse.GetValue(cvEpochs) is { } ce ? Positive("--cv-epochs", ce) : training.Epochs,
                MaxTrainingRows = parse.GetValue(cvMaxRows) is { } cr ? Positive("--cv-max-rows", cr) : null,
            };
            string dataDirectory;
            try
            {
                dataDirectory = SurrogateDataset.ResolveDataDirectory(parse.GetValue(data));
                _ = SurrogateDataset.FoldsFile(dataDirectory, spec);
            }
            catch (IOException e)
            {
                throw new UsageException(e.Message);
            }

            TorchRuntime.SetThreads(Positive("--threads", parse.GetValue(threads)));
            var options = new SurrogatePipelineOptions(spec.Name, dataDirectory, parse.GetValue(output)!, training, protocol, evaluation,
                CleanLabels: !parse.GetValue(keepLabels));
            var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            SurrogatePipelineResult? result = null;
            stderr.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                    result = SurrogatePipeline.Run(options, new ImmediateProgress<SurrogatePipelineProgress>(p => Draw(context, tasks, p, training, evaluation)), cancellationToken);
                    foreach (var task in tasks.Values)
                    {
                        task.Value = task.MaxValue;
                    }
                });

            using var model = result!.Model;
            var summary = new
            {
                Name = spec.Name,
                Model = result.ModelPath,
                ModelBytes = result.ModelPath is { } path ? new FileInfo(path).Length : 0,
                Card = result.CardPath,
                Training = model.Header.Training,
                Evaluation = result.Evaluations.Select(e => new { e.Protocol, e.Summary, e.Splits, e.Reference }),
                LabelsChanged = result.Labels.Changes.Count,
                UnreliableFamilies = result.Families.Where(f => f.Unreliable).Select(f => f.Family).ToArray(),
                Seconds = Math.Round(result.Seconds, 1),
            };
            if (parse.GetValue(CommonOptions.Json))
            {
                JsonOutput.Write(parse.InvocationConfiguration.Output, summary);
                return Task.FromResult(ExitCodes.Success);
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(parse.InvocationConfiguration.Output) });
            console.MarkupLine(CultureInfo.InvariantCulture, "Wrote [bold]{0}[/] ({1:0.0} MB) and {2} in {3:0.0} s.",
                Markup.Escape(summary.Model ?? ""), summary.ModelBytes / 1e6, Markup.Escape(summary.Card ?? ""), summary.Seconds);
            foreach (var pair in model.Header.Training)
            {
                console.MarkupLine(CultureInfo.InvariantCulture, "  {0} = {1}", pair.Key, Markup.Escape(pair.Value));
            }

            foreach (var e in result.Evaluations)
            {
                console.MarkupLine(CultureInfo.InvariantCulture, "  {0}: MAE {1:0.000}, ROC-AUC {2:0.000}, within 1σ {3:P1}, within 2σ {4:P1}, in distribution {5:P1}",
                    e.Protocol, e.Summary.Mae, e.Summary.RocAuc, e.Summary.Within1Sigma, e.Summary.Within2Sigma, e.Summary.InDistributionShare);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static int Positive(string option, int value) =>
        value >= 1 ? value : throw new UsageException($"{option} must be at least 1, got {value}.");

    /// <summary>One bar per stage; a stage's bar spans its members × epochs (the evaluations' splits are not known ahead, so their bar restarts per split).</summary>
    private static void Draw(ProgressContext context, Dictionary<string, ProgressTask> tasks, SurrogatePipelineProgress p, SurrogateTrainingOptions training, SurrogateTrainingOptions evaluation)
    {
        var options = p.Stage == "train" ? training : evaluation;
        if (!tasks.TryGetValue(p.Stage, out var task))
        {
            task = context.AddTask(p.Stage, maxValue: Math.Max(1, (double)options.Members * options.Epochs));
            tasks[p.Stage] = task;
        }

        if (p.Step is { } step)
        {
            task.Value = ((step.Member - 1) * step.Epochs) + step.Epoch;
            task.Description = $"{p.Stage} {Markup.Escape(p.Split)}: member {step.Member}/{step.Members}";
        }
    }
}
