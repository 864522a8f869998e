using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MatAssistant.Screening.Surrogates;
using MatAssistant.Torch;
using Spectre.Console;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist train surrogate NAME</c>: trains a property surrogate, optionally evaluates it, writes model and card atomically.</summary>
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
        var cv = new Option<string>("--cv") { Description = "Evaluate first: none (default), matbench (official 5 folds), family (leave one chemical family out; implies matbench), all.", DefaultValueFactory = _ => "none" };
        var cvMembers = new Option<int?>("--cv-members") { Description = "Ensemble size inside the evaluation (default: --members)." };
        var cvEpochs = new Option<int?>("--cv-epochs") { Description = "Epochs inside the evaluation (default: --epochs)." };
        var cvMaxRows = new Option<int?>("--cv-max-rows") { Description = "Training rows per evaluation split, random subsample (default: all)." };
        var command = new Command("surrogate", "Train a property surrogate (TorchSharp ensemble) on its Matbench data set and write models/NAME.surrogate with a model card.")
        {
            name, data, output, members, epochs, maxRows, seed, threads, bootstrap, cv, cvMembers, cvEpochs, cvMaxRows,
        };

        command.SetAction(parse =>
        {
            var spec = SurrogateCatalog.Find(parse.GetValue(name)!)
                ?? throw new UsageException($"unknown surrogate '{parse.GetValue(name)}': use one of {string.Join(", ", SurrogateCatalog.All.Select(s => s.Name))}.");
            var options = new SurrogateTrainingOptions(
                Members: Positive("--members", parse.GetValue(members)),
                Epochs: Positive("--epochs", parse.GetValue(epochs)),
                Seed: parse.GetValue(seed),
                Bootstrap: parse.GetValue(bootstrap),
                MaxTrainingRows: parse.GetValue(maxRows) is { } m ? Positive("--max-rows", m) : null);
            var protocol = parse.GetValue(cv)!.ToLowerInvariant();
            if (protocol is not ("none" or "matbench" or "family" or "all"))
            {
                throw new UsageException($"--cv '{protocol}' is not known: use none, matbench, family or all.");
            }

            var cvOptions = options with
            {
                Members = parse.GetValue(cvMembers) is { } cm ? Positive("--cv-members", cm) : options.Members,
                Epochs = parse.GetValue(cvEpochs) is { } ce ? Positive("--cv-epochs", ce) : options.Epochs,
                MaxTrainingRows = parse.GetValue(cvMaxRows) is { } cr ? Positive("--cv-max-rows", cr) : null,
            };
            string dataDirectory, file;
            try
            {
                dataDirectory = SurrogateDataset.ResolveDataDirectory(parse.GetValue(data));
                file = SurrogateDataset.FoldsFile(dataDirectory, spec);
            }
            catch (IOException e)
            {
                throw new UsageException(e.Message);
            }

            TorchRuntime.SetThreads(Positive("--threads", parse.GetValue(threads)));
            var stopwatch = Stopwatch.StartNew();
            var rows = SurrogateDataset.Load(file, out var skipped);
            var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            stderr.MarkupLine(CultureInfo.InvariantCulture, "[grey]{0}: {1} rows from {2} ({3} unreadable formulas skipped)[/]", spec.Name, rows.Count, Markup.Escape(file), skipped);
            var evaluations = new List<SurrogateEvaluationReport>();
            SurrogateModel? model = null;
            stderr.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    if (protocol != "none")
                    {
                        var matbenchTask = context.AddTask("matbench 5-fold", maxValue: 5.0 * cvOptions.Members * cvOptions.Epochs);
                        var (report, predictions) = SurrogateEvaluation.Matbench(spec, rows, cvOptions, new Step(matbenchTask, 5));
                        evaluations.Add(report);
                        if (protocol is "family" or "all")
                        {
                            var familyTask = context.AddTask("leave family out", maxValue: 5.0 * cvOptions.Members * cvOptions.Epochs);
                            evaluations.Add(SurrogateEvaluation.FamilyOut(spec, rows, cvOptions, predictions, progress: new Step(familyTask, null)));
                            familyTask.Value = familyTask.MaxValue;
                        }
                    }

                    var trainTask = context.AddTask($"train {spec.Name}", maxValue: (double)options.Members * options.Epochs);
                    model = SurrogateTrainer.Train(spec, rows, options, new Progress<SurrogateTrainingProgress>(p =>
                        trainTask.Value = ((p.Member - 1) * p.Epochs) + p.Epoch));
                    trainTask.Value = trainTask.MaxValue;
                });

            using (model)
            {
                var directory = Path.GetFullPath(parse.GetValue(output)!);
                var modelPath = Path.Combine(directory, spec.FileName);
                var cardPath = Path.Combine(directory, $"{spec.Name}.md");
                model!.Save(modelPath);
                var reproduce = $"matassist train surrogate {spec.Name} --members {options.Members} --epochs {options.Epochs} --seed {options.Seed}"
                    + (options.MaxTrainingRows is { } mr ? $" --max-rows {mr}" : "") + (options.Bootstrap ? " --bootstrap" : "")
                    + (protocol != "none" ? $" --cv {protocol} --cv-members {cvOptions.Members} --cv-epochs {cvOptions.Epochs}" + (cvOptions.MaxTrainingRows is { } cmr ? $" --cv-max-rows {cmr}" : "") : "");
                var card = ModelCard.Write(spec, model, evaluations, reproduce);
                AtomicFile.Write(cardPath, stream =>
                {
                    using var writer = new StreamWriter(stream, leaveOpen: true);
                    writer.Write(card);
                });
                var summary = new
                {
                    Name = spec.Name,
                    Model = modelPath,
                    ModelBytes = new FileInfo(modelPath).Length,
                    Card = cardPath,
                    Training = model.Header.Training,
                    Evaluation = evaluations.Select(e => new { e.Protocol, e.Summary, e.Splits, e.Reference }),
                    Seconds = Math.Round(stopwatch.Elapsed.TotalSeconds, 1),
                };
                if (parse.GetValue(CommonOptions.Json))
                {
                    JsonOutput.Write(parse.InvocationConfiguration.Output, summary);
                }
                else
                {
                    var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(parse.InvocationConfiguration.Output) });
                    console.MarkupLine(CultureInfo.InvariantCulture, "Wrote [bold]{0}[/] ({1:0.0} MB) and {2} in {3:0.0} s.", Markup.Escape(modelPath), summary.ModelBytes / 1e6, Markup.Escape(cardPath), summary.Seconds);
                    foreach (var pair in model.Header.Training)
                    {
                        console.MarkupLine(CultureInfo.InvariantCulture, "  {0} = {1}", pair.Key, Markup.Escape(pair.Value));
                    }

                    foreach (var e in evaluations)
                    {
                        console.MarkupLine(CultureInfo.InvariantCulture, "  {0}: MAE {1:0.000}, ROC-AUC {2:0.000}, within 1σ {3:P1}, within 2σ {4:P1}, in distribution {5:P1}",
                            e.Protocol, e.Summary.Mae, e.Summary.RocAuc, e.Summary.Within1Sigma, e.Summary.Within2Sigma, e.Summary.InDistributionShare);
                    }
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static int Positive(string option, int value) =>
        value >= 1 ? value : throw new UsageException($"{option} must be at least 1, got {value}.");

    /// <summary>Moves a progress task by one unit per epoch; with a known split count the bar spans all splits.</summary>
    private sealed class Step(ProgressTask task, int? splits) : IProgress<SurrogateEvaluationProgress>
    {
        public void Report(SurrogateEvaluationProgress value)
        {
            var perSplit = (double)value.Step.Members * value.Step.Epochs;
            var total = (splits ?? value.Splits) * perSplit;
            task.MaxValue = total;
            task.Value = (value.SplitIndex * perSplit) + ((value.Step.Member - 1) * value.Step.Epochs) + value.Step.Epoch;
            task.Description = $"{value.Split}: member {value.Step.Member}/{value.Step.Members}";
        }
    }
}
