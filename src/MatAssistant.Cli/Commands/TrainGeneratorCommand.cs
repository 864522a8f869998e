using System.CommandLine;
using System.Globalization;
using MatAssistant.Chemistry;
using MatAssistant.Generation;
using MatAssistant.Screening;
using Spectre.Console;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist train generator</c>: trains the composition language model and writes <c>models/generator</c> atomically.</summary>
internal static class TrainGeneratorCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Data directory with mp_e_form_reduced.csv and smact/ (default: MATASSIST_DATA, else ../shared/data)." };
        var output = new Option<string>("--out") { Description = "Model directory to write (default: models/generator in the current directory).", DefaultValueFactory = _ => Path.Combine("models", "generator") };
        var filter = new Option<string>("--filter") { Description = "Training formulas: balanced (charge-neutral and EN-balanced; default), valid (SMACT validity), none.", DefaultValueFactory = _ => "balanced" };
        var filterRules = new Option<string>("--filter-rules") { Description = "Oxidation states of the filter: smact14 (SMACT's default file from the data directory; default) or icsd.", DefaultValueFactory = _ => "smact14" };
        var layers = new Option<int>("--layers") { Description = "Transformer blocks.", DefaultValueFactory = _ => GptSize.Default.Layers };
        var width = new Option<int>("--width") { Description = "Embedding width.", DefaultValueFactory = _ => GptSize.Default.Width };
        var heads = new Option<int>("--heads") { Description = "Attention heads.", DefaultValueFactory = _ => GptSize.Default.Heads };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs.", DefaultValueFactory = _ => new TrainingOptions().MaxEpochs };
        var batch = new Option<int>("--batch-size") { Description = "Sequences per step.", DefaultValueFactory = _ => new TrainingOptions().BatchSize };
        var rate = new Option<double>("--learning-rate") { Description = "Peak learning rate.", DefaultValueFactory = _ => new TrainingOptions().LearningRate };
        var patience = new Option<int>("--patience") { Description = "Early stopping patience in epochs.", DefaultValueFactory = _ => new TrainingOptions().Patience };
        var seed = new Option<int>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "TorchSharp threads (default 1).", DefaultValueFactory = _ => 1 };
        var minutes = new Option<double>("--time-budget") { Description = "Stop after the epoch that crosses this many minutes.", DefaultValueFactory = _ => 28 };
        var temperature = new Option<string>("--temperature") { Description = "Default sampling temperature stored with the model, or auto (default): the highest of 1.0, 0.9, … 0.5 that maximises the electronegativity-balanced fraction under the filter's rules while 97 % of 5,000 samples stay unique and 85 % novel.", DefaultValueFactory = _ => "auto" };
        var topP = new Option<double>("--top-p") { Description = "Default top-p stored with the model.", DefaultValueFactory = _ => 1.0 };
        var samples = new Option<int>("--eval-samples") { Description = "Samples for the metrics of the model card.", DefaultValueFactory = _ => 10_000 };
        var command = new Command("generator", "Train the composition generator on the Materials Project formulas; writes weights, model card and novelty reference.")
        {
            data, output, filter, filterRules, layers, width, heads, epochs, batch, rate, patience, seed, threads, minutes, temperature, topP, samples,
        };

        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error ?? Console.Error;
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });
            var dataDir = MatAssistant.Chemistry.SharedDataLocator.TryFindDataDirectory(parse.GetValue(data))
                ?? throw new UsageException("the data directory was not found: pass --data DIR or set MATASSIST_DATA (default ../shared/data).");
            var dataFile = Path.Combine(dataDir, FormulaDataset.TrainingFileName);
            if (!File.Exists(dataFile))
            {
                throw new UsageException($"{dataFile} does not exist: pass --data DIR with {FormulaDataset.TrainingFileName}.");
            }

            var trainingFilter = parse.GetValue(filter)!.ToUpperInvariant() switch
            {
                "BALANCED" => TrainingFilter.Balanced,
                "VALID" => TrainingFilter.Valid,
                "NONE" => TrainingFilter.None,
                var other => throw new UsageException($"--filter '{other}' is not known: use balanced, valid or none."),
            };
            var defaultRules = new CompositionRules();
            var smact14 = TryLoadSmact14(dataDir);
            var filterRulesName = parse.GetValue(filterRules)!.ToUpperInvariant();
            var rulesForFilter = filterRulesName switch
            {
                "SMACT14" => smact14 ?? throw new UsageException($"--filter-rules smact14 needs {Path.Combine(dataDir, "smact", "oxidation_states.txt")} and element_data.txt."),
                "ICSD" => defaultRules,
                _ => throw new UsageException($"--filter-rules '{filterRulesName}' is not known: use smact14 or icsd."),
            };

            var size = new GptSize(parse.GetValue(layers), parse.GetValue(width), parse.GetValue(heads));
            if (size.Layers < 1 || size.Width < 8 || size.Heads < 1 || size.Width % size.Heads != 0)
            {
                throw new UsageException("--layers ≥ 1, --width ≥ 8 and a multiple of --heads are needed.");
            }

            var options = new TrainingOptions(size, parse.GetValue(epochs), parse.GetValue(batch), parse.GetValue(rate), Patience: parse.GetValue(patience),
                Seed: parse.GetValue(seed), Threads: parse.GetValue(threads), TimeBudget: TimeSpan.FromMinutes(parse.GetValue(minutes)));
            if (options.MaxEpochs < 1 || options.BatchSize < 1 || options.Threads < 1 || !(options.LearningRate > 0))
            {
                throw new UsageException("--epochs, --batch-size and --threads must be at least 1 and --learning-rate positive.");
            }

            console.MarkupLine(CultureInfo.InvariantCulture, "Reading [bold]{0}[/] …", Markup.Escape(dataFile));
            var (formulas, skipped) = FormulaDataset.Load(dataFile);
            var filtered = GeneratorTrainer.Apply(formulas, trainingFilter, rulesForFilter);
            var splitOptions = SplitOptions.Default;
            var split = DatasetSplit.Create(filtered, splitOptions);
            var tokenizer = CompositionTokenizer.FromCompositions(split.Train.Select(f => f.Composition), options.MaxCount, options.MaxElements);
            var filterDescription = trainingFilter switch
            {
                TrainingFilter.None => "none (every formula)",
                TrainingFilter.Valid => $"SMACT validity under {rulesForFilter.Rules.OxidationStates.Name}",
                _ => $"charge-neutral and electronegativity-balanced under {rulesForFilter.Rules.OxidationStates.Name} / {rulesForFilter.Rules.Electronegativities.Name}",
            };
            console.MarkupLine(CultureInfo.InvariantCulture, "{0} formulas ({1} unreadable), {2} after the filter ({3}); train {4}, validation {5}, test {6}, left-out systems {7}.",
                formulas.Count, skipped, filtered.Count, Markup.Escape(filterDescription), split.Train.Count, split.Validation.Count, split.Test.Count, split.HeldOutSystems.Count);

            var target = Path.GetFullPath(parse.GetValue(output)!);
            var staged = target + ".staging-" + Guid.NewGuid().ToString("N");
            Directory.CreateDirectory(staged);
            try
            {
                (CompositionGenerator Generator, TrainingSummary Summary) trained = default;
                console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                    .Start(context =>
                    {
                        var task = context.AddTask("epoch 1", maxValue: options.MaxEpochs);
                        var progress = new SynchronousProgress<TrainingProgress>(p =>
                        {
                            task.Value = p.Epoch - 1 + ((double)p.Step / p.StepsPerEpoch);
                            task.Description = p.ValidationLoss is { } v
                                ? string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}: loss {p.TrainLoss:0.000}, validation {v:0.000}")
                                : string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.MaxEpochs}: loss {p.TrainLoss:0.000}");
                            if (p.ValidationLoss is not null)
                            {
                                console.MarkupLine(CultureInfo.InvariantCulture, "epoch {0}: train loss {1:0.0000}, validation loss {2:0.0000}, {3:0.0} min",
                                    p.Epoch, p.TrainLoss, p.ValidationLoss, p.Elapsed.TotalMinutes);
                            }
                        });
                        trained = GeneratorTrainer.Train(tokenizer, Compositions(split.Train), Compositions(split.Validation), Compositions(split.Test),
                            options, Path.Combine(staged, "checkpoint.weights"), progress);
                        task.Value = task.MaxValue;
                    });

                using var generator = trained.Generator ?? throw new InvalidOperationException("Training returned no model.");
                var summary = trained.Summary!;
                console.MarkupLine(CultureInfo.InvariantCulture, "Trained: {0} epochs ({1}), best validation loss {2:0.0000}, test loss {3:0.0000}, {4:0.0} min. Evaluating on {5} samples …",
                    summary.Epochs, Markup.Escape(summary.StopReason), summary.BestValidationLoss, summary.TestLoss, summary.Elapsed.TotalMinutes, parse.GetValue(samples));
                var sampling = new SamplingDefaults(ChooseTemperature(parse.GetValue(temperature)!, generator, rulesForFilter, split, console), 0, parse.GetValue(topP));
                var manifest = generator.Manifest with
                {
                    Sampling = sampling,
                    Training = new Dictionary<string, string>
                    {
                        ["data"] = FormulaDataset.TrainingFileName,
                        ["filter"] = filterDescription,
                        ["train_formulas"] = split.Train.Count.ToString(CultureInfo.InvariantCulture),
                        ["epochs"] = summary.Epochs.ToString(CultureInfo.InvariantCulture),
                        ["best_epoch"] = summary.BestEpoch.ToString(CultureInfo.InvariantCulture),
                        ["validation_loss"] = summary.BestValidationLoss.ToString("0.0000", CultureInfo.InvariantCulture),
                        ["test_loss"] = summary.TestLoss.ToString("0.0000", CultureInfo.InvariantCulture),
                        ["minutes"] = summary.Elapsed.TotalMinutes.ToString("0.0", CultureInfo.InvariantCulture),
                        ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
                    },
                };
                generator.Save(staged, manifest);
                File.Delete(Path.Combine(staged, "checkpoint.weights"));
                using var reloaded = CompositionGenerator.Load(staged, options.Threads);
                var baseline = RandomBaselineSampler.FromTraining(Compositions(split.Train), tokenizer.Elements);
                var report = GeneratorEvaluation.Run(reloaded, split, baseline, defaultRules, smact14, new EvaluationOptions(parse.GetValue(samples)));
                var known = KnownFormulaSet.FromCompositions(formulas.Select(f => f.Composition), FormulaDataset.TrainingFileName);
                known.Save(Path.Combine(staged, GeneratorFiles.KnownFormulas));
                var card = ModelCard.Render(new ModelCard.Facts(manifest, options, summary, report,
                    TokenizationStudy.Measure(formulas.Select(f => f.Composition).ToArray(), options.MaxCount), FormulaDataset.TrainingFileName, formulas.Count,
                    filterDescription, filtered.Count, splitOptions, split, known.Count, CommandLine(parse.Tokens.Select(t => t.Value))));
                Torch.AtomicFile.Write(Path.Combine(staged, GeneratorFiles.ModelCard), s =>
                {
                    using var writer = new StreamWriter(s, leaveOpen: true);
                    writer.Write(card);
                });
                GeneratorFiles.Publish(staged, target);
                if (parse.GetValue(CommonOptions.Json))
                {
                    JsonOutput.Write(stdout, new { Model = target, Summary = summary, Report = report, report.Enrichment, report.EnrichmentSmact14 });
                }
                else
                {
                    stdout.Write(card);
                    stdout.WriteLine($"Written to {target}.");
                }
            }
            finally
            {
                if (Directory.Exists(staged))
                {
                    Directory.Delete(staged, recursive: true);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>SMACT's default oxidation states and its electronegativities, read from the data directory; null when absent.</summary>
    internal static CompositionRules? TryLoadSmact14(string dataDir)
    {
        var states = Path.Combine(dataDir, "smact", "oxidation_states.txt");
        var elements = Path.Combine(dataDir, "smact", "element_data.txt");
        if (!File.Exists(states) || !File.Exists(elements))
        {
            return null;
        }

        return new CompositionRules(new ScreeningRules(OxidationStateSet.LoadSmactFile(states), ElectronegativityTable.LoadSmactElementData(elements), MetalSet.Smact));
    }

    /// <summary>A fixed temperature, or the auto choice described by the option's help (samples seeded apart from the evaluation's).</summary>
    private static double ChooseTemperature(string option, CompositionGenerator generator, CompositionRules rules, DatasetSplit split, IAnsiConsole console)
    {
        if (!string.Equals(option, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return double.TryParse(option, NumberStyles.Float, CultureInfo.InvariantCulture, out var fixedValue) && fixedValue > 0 && double.IsFinite(fixedValue)
                ? fixedValue
                : throw new UsageException($"--temperature '{option}' is neither auto nor a positive number.");
        }

        var training = split.Train.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var best = 1.0;
        var bestBalanced = -1.0;
        foreach (var t in new[] { 1.0, 0.9, 0.8, 0.7, 0.6, 0.5 })
        {
            var samples = generator.Generate(new GenerationRequest(5000, Seed: 97, Temperature: t)).Select(s => s.Composition).ToArray();
            var m = GenerationMetrics.Compute(samples, rules, c => training.Contains(c.Reduce().Composition.AlphabeticalFormula));
            console.MarkupLine(CultureInfo.InvariantCulture, "temperature {0}: {1:0.0} % EN-balanced, {2:0.0} % unique, {3:0.0} % novel", t,
                100 * m.ElectronegativityBalancedFraction, 100 * m.UniqueFraction, 100 * m.NovelFraction);
            if (m.UniqueFraction >= 0.97 && m.NovelFraction >= 0.85 && m.ElectronegativityBalancedFraction > bestBalanced)
            {
                best = t;
                bestBalanced = m.ElectronegativityBalancedFraction;
            }
        }

        return best;
    }

    private static Composition[] Compositions(IEnumerable<KnownFormula> formulas) => formulas.Select(f => f.Composition).ToArray();

    private static string CommandLine(IEnumerable<string> tokens) =>
        "matassist train generator" + string.Concat(tokens.Where(t => t != "train" && t != "generator").Select(t => " " + t));

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
