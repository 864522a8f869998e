using System.CommandLine;
using MatAssistant.Cli;
using MatAssistant.Cli.Commands;

return MatAssistCli.Run(args, Console.Out, Console.Error);

namespace MatAssistant.Cli
{
    /// <summary>The matassist entry point, callable in process by tests.</summary>
    public static class MatAssistCli
    {
        private static T? Find<T>(Exception? e)
            where T : Exception
        {
            for (; e is not null; e = e.InnerException)
            {
                if (e is T found)
                {
                    return found;
                }

                if (e is AggregateException aggregate && aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(x => x is not null) is { } inner)
                {
                    return inner;
                }
            }

            return null;
        }

        public static RootCommand BuildRoot()
        {
            var root = new RootCommand("MatAssistant — a research assistant for materials science: screen, generate, solve, retrieve.");
            root.Add(CommonOptions.Json);
            root.Add(CommonOptions.DataDir);
            root.Add(AskCommand.Create());
            root.Add(ChatCommand.Create());
            root.Add(ScreenCommand.Create());
            root.Add(IngestCommand.Create());
            root.Add(SearchCommand.Create());
            root.Add(EvalCommand.Create());
            root.Add(SolveCommand.Create());
            root.Add(GenerateCommand.Create());
            root.Add(TrainCommand.Create());
            root.Add(ServeCommand.Create());
            root.Add(McpCommand.Create());
            return root;
        }

        /// <summary>Parses and runs; usage errors give one line on stderr and exit code 2, internal failures exit code 1.</summary>
        public static int Run(string[] args, TextWriter output, TextWriter error)
        {
            var root = BuildRoot();
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                var command = parse.CommandResult.Command;
                var name = command == root ? "matassist" : $"matassist {command.Name}";
                // An unrecognised token explains more than the "required command" error it causes.
                var first = parse.Errors.FirstOrDefault(e => e.Message.Contains("Unrecognized", StringComparison.OrdinalIgnoreCase)) ?? parse.Errors[0];
                error.WriteLine($"matassist: {first.Message} Run '{name} --help' for usage.");
                return ExitCodes.Usage;
            }

            try
            {
                return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
            }
            catch (UsageException e)
            {
                error.WriteLine($"matassist: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (AggregateException e) when (e.InnerException is UsageException usage)
            {
                error.WriteLine($"matassist: {usage.Message}");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (Find<MatAssistant.Application.RequestException>(e) is { } request)
            {
                // The use cases' bad-input errors: one line, exit code 2, whichever front end asked.
                error.WriteLine($"matassist: {request.Message}");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (Find<MatAssistant.Agent.Brains.Llama.ContextOverflowException>(e) is { } overflow)
            {
                error.WriteLine($"matassist: {overflow.Message} Give a larger --context-size (the model's limit permitting) or ask a shorter question.");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (Find<MatAssistant.Agent.Brains.BrainRequestException>(e) is { } brain)
            {
                error.WriteLine($"matassist: {brain.Message}");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (Find<HttpRequestException>(e) is { } http)
            {
                error.WriteLine($"matassist: cannot reach the language-model server: {http.Message} Check --endpoint and that the server is running.");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                error.WriteLine($"matassist: internal error: {e.GetType().Name}: {e.Message}");
                if (Environment.GetEnvironmentVariable("MATASSIST_DEBUG") is "1")
                {
                    error.WriteLine(e);
                }

                return ExitCodes.InternalError;
            }
        }
    }
}
