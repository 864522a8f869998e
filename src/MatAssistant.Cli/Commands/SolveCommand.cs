using System.CommandLine;
using System.Globalization;
using System.Text;
using MatAssistant.Ode;
using MatAssistant.Ode.Expressions;
using MatAssistant.Ode.Solvers;
using Spectre.Console;

namespace MatAssistant.Cli.Commands;

/// <summary><c>matassist solve</c>: ODE systems, templates and 1-D diffusion (DESIGN.md §3).</summary>
internal static class SolveCommand
{
    public static Command Create()
    {
        var equation = new Option<string[]>("--equation", "-e") { Description = "An equation such as \"dy/dt = -k*y\", \"y' = -k*y\" or \"x'' = -w^2*x\"; repeat for systems." };
        var param = new Option<string[]>("--param", "-p") { Description = "A parameter, name=value (the value may use constants and earlier parameters: Ea=1.2e5 k=A*exp(-Ea/(R*T)))." };
        var init = new Option<string[]>("--init", "-i") { Description = "An initial value, name=value; a second-order x needs x and x'." };
        var t0 = new Option<double>("--t0") { Description = "Start time (default 0).", DefaultValueFactory = _ => 0 };
        var t1 = new Option<double?>("--t1") { Description = "End time (required with --equation; templates have a default t1)." };
        var method = new Option<string>("--method") { Description = "auto (default: Dormand–Prince, switching to Rodas4 when stiff), nonstiff (Dormand–Prince), stiff (Rodas4) or bdf (variable-order BDF).", DefaultValueFactory = _ => "auto" };
        var rtol = new Option<double?>("--rtol") { Description = "Relative tolerance (default 1e-8)." };
        var atol = new Option<double?>("--atol") { Description = "Absolute tolerance (default 1e-12, or the template's)." };
        var points = new Option<int?>("--points") { Description = "Output times, evenly spaced, including t0 and t1 (default 101; 6 profiles for diffusion)." };
        var times = new Option<string?>("--times") { Description = "Explicit output times, comma-separated (600,1800,3600); for diffusion, the times of the profiles." };
        var logTime = new Option<bool>("--log-time") { Description = "Space output times logarithmically and plot t on a log axis (kinetics over decades)." };
        var template = new Option<string?>("--template", "-T") { Description = $"A ready-made model: {string.Join(", ", OdeTemplates.All.Select(t => t.Name))}; 'list' describes them and their parameters." };
        var plot = new Option<string?>("--plot") { Description = "Draw the solution to FILE (.png or .svg)." };
        var csv = new Option<string?>("--csv") { Description = "Write the solution to FILE as CSV (t and one column per unknown; for diffusion x and one column per time)." };
        var jacobian = new Option<string>("--jacobian") { Description = "Jacobian of the stiff solver: symbolic (default) or fd (finite differences).", DefaultValueFactory = _ => "symbolic" };
        var maxSteps = new Option<int?>("--max-steps") { Description = "Give up after this many steps (default 500000)." };
        var command = new Command("solve", "Solve differential equations: ODE systems, stiff kinetics, 1-D diffusion and heat; templates for common materials models.")
        {
            equation, param, init, t0, t1, method, rtol, atol, points, times, logTime, template, plot, csv, jacobian, maxSteps,
        };

        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var json = parse.GetValue(CommonOptions.Json);
            var templateName = parse.GetValue(template);
            var equations = parse.GetValue(equation) ?? [];
            if (templateName is not null && templateName.Equals("list", StringComparison.OrdinalIgnoreCase))
            {
                WriteTemplates(output, json);
                return ExitCodes.Success;
            }

            var parameters = Read(() => Assignments.Parse(parse.GetValue(param) ?? [], "--param"));
            var initial = Read(() => Assignments.Parse(parse.GetValue(init) ?? [], "--init"));
            var methodValue = parse.GetValue(method)!.ToUpperInvariant() switch
            {
                "AUTO" => OdeMethod.Auto,
                "NONSTIFF" or "DOPRI5" or "RK45" => OdeMethod.Nonstiff,
                "STIFF" or "RODAS4" or "ROSENBROCK" => OdeMethod.Stiff,
                "BDF" or "NDF" => OdeMethod.Bdf,
                var other => throw new UsageException($"--method '{other.ToLowerInvariant()}' is not known: use auto, nonstiff, stiff or bdf."),
            };
            var jacobianValue = parse.GetValue(jacobian)!.ToUpperInvariant() switch
            {
                "SYMBOLIC" => JacobianSource.Symbolic,
                "FD" or "FINITE-DIFFERENCE" => JacobianSource.FiniteDifference,
                var other => throw new UsageException($"--jacobian '{other.ToLowerInvariant()}' is not known: use symbolic or fd."),
            };
            var request = new Request(
                parse.GetValue(t0), parse.GetValue(t1), methodValue, jacobianValue, parse.GetValue(rtol), parse.GetValue(atol),
                parse.GetValue(points), ReadTimes(parse.GetValue(times)), parse.GetValue(logTime), parse.GetValue(plot), parse.GetValue(csv), parse.GetValue(maxSteps));
            if (request.Plot is { } plotPath && Path.GetExtension(plotPath).ToUpperInvariant() is not (".PNG" or ".SVG"))
            {
                throw new UsageException($"--plot '{plotPath}' must end in .png or .svg.");
            }

            if (templateName is not null)
            {
                if (equations.Length > 0)
                {
                    throw new UsageException("give either --template or --equation, not both.");
                }

                var chosen = Read(() => OdeTemplates.Get(templateName));
                if (initial.Count > 0)
                {
                    throw new UsageException($"template {chosen.Name} takes its initial values as parameters ({string.Join(", ", chosen.Parameters.Select(p => p.Name))}): use --param instead of --init.");
                }

                if (request.T1 is { } end)
                {
                    parameters["t1"] = end;
                }

                return chosen.Kind == TemplateKind.Diffusion
                    ? SolveDiffusion(output, json, chosen, parameters, request)
                    : SolveOde(output, json, Read(() => chosen.CreateProblem(parameters)), chosen, request);
            }

            if (equations.Length == 0)
            {
                throw new UsageException("give an equation (--equation \"dy/dt = -k*y\" --param k=0.5 --init y=1 --t1 10) or a template (--template list).");
            }

            if (request.T1 is null)
            {
                throw new UsageException("give the end time with --t1.");
            }

            var problem = Read(() => OdeProblem.Parse(equations, parameters, initial, request.T0, request.T1.Value));
            return SolveOde(output, json, problem, null, request);
        });
        return command;
    }

    private sealed record Request(double T0, double? T1, OdeMethod Method, JacobianSource Jacobian, double? Rtol, double? Atol, int? Points, double[]? Times, bool LogTime, string? Plot, string? Csv, int? MaxSteps)
    {
        public OdeOptions Options(OdeTemplate? template)
        {
            var defaults = template is null ? new OdeOptions() : TemplateSolver.DefaultOptions(template);
            var options = defaults with
            {
                Method = Method,
                Jacobian = Jacobian,
                RelativeTolerance = Rtol ?? defaults.RelativeTolerance,
                AbsoluteTolerance = Atol ?? defaults.AbsoluteTolerance,
                Points = Points ?? defaults.Points,
                Spacing = LogTime ? OutputSpacing.Logarithmic : defaults.Spacing,
                MaxSteps = MaxSteps ?? defaults.MaxSteps,
                OutputTimes = Times,
            };
            return options.Validate() is { } problem ? throw new UsageException(problem.Replace("rtol", "--rtol", StringComparison.Ordinal).Replace("atol", "--atol", StringComparison.Ordinal) + ".") : options;
        }
    }

    private static double[]? ReadTimes(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                throw new UsageException($"--times: '{part}' is not a number; give times such as --times 600,1800,3600.");
            }

            values.Add(value);
        }

        return values.Count > 0 ? [.. values] : throw new UsageException("--times is empty; give times such as --times 600,1800,3600.");
    }

    private static T Read<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ExpressionException e)
        {
            throw new UsageException(e.Message);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static int SolveOde(TextWriter output, bool json, OdeProblem problem, OdeTemplate? template, Request request)
    {
        var options = request.Options(template);
        if (!OdeSolver.TrySolve(problem, options, out var solution, out var failure))
        {
            throw new UsageException($"the solver stopped: {failure!.Message}.");
        }

        var s = solution!;
        var units = template?.Units ?? new Dictionary<string, string>();
        var analytic = template is null ? null : TemplateSolver.Compare(template, template.Resolve(TemplateValues(template, problem)), s);
        string? plotPath = null;
        if (request.Plot is { } plotFile)
        {
            var title = template?.Title ?? string.Join("; ", problem.Equations.Take(3));
            // Few output points make a polygon: the plot gets its own dense output (the statistics stay those of the answer).
            var drawn = s.T.Count >= 201 ? s : OdeSolver.Solve(problem, options with { Points = 401 });
            OdePlot.Save(OdePlot.ForSolution(drawn, Shorten(title), units, options.Spacing == OutputSpacing.Logarithmic), plotFile);
            plotPath = Path.GetFullPath(plotFile);
        }

        string? csvPath = null;
        if (request.Csv is { } csvFile)
        {
            var text = new StringBuilder();
            text.AppendLine(string.Join(',', s.Variables.Prepend("t").Select(CsvField)));
            for (var i = 0; i < s.T.Count; i++)
            {
                text.AppendLine(string.Join(',', s.Variables.Select(v => s.Values[v][i]).Prepend(s.T[i]).Select(Number)));
            }

            WriteAtomically(csvFile, text.ToString());
            csvPath = Path.GetFullPath(csvFile);
        }

        if (json)
        {
            JsonOutput.Write(output, new
            {
                s.Variables,
                s.T,
                s.Values,
                s.Final,
                s.Method,
                s.Stiff,
                s.Steps,
                s.RejectedSteps,
                s.FunctionEvaluations,
                s.JacobianEvaluations,
                LuDecompositions = s.Factorizations,
                s.SwitchTime,
                s.Jacobian,
                Rtol = s.RelativeTolerance,
                Atol = s.AbsoluteTolerance,
                Equations = problem.Equations,
                problem.Parameters,
                Template = template?.Name,
                Units = units,
                Analytic = analytic,
                s.Seconds,
                Plot = plotPath,
                Csv = csvPath,
            });
            return ExitCodes.Success;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        output.WriteLine(template is null ? "Solved:" : $"{template.Title}:");
        foreach (var e in problem.Equations)
        {
            output.WriteLine($"  {e}");
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("unknown", $"value at t = {Number(problem.T1)}", "unit");
        foreach (var v in s.Variables)
        {
            table.AddRow(Markup.Escape(v), Number(s.Final[v]), Markup.Escape(units.GetValueOrDefault(v, "")));
        }

        console.Write(table);
        output.WriteLine((Stats(s.Method, s.Stiff, s.Steps, s.RejectedSteps, s.FunctionEvaluations, s.JacobianEvaluations, s.RelativeTolerance, s.AbsoluteTolerance)
            + (s.SwitchTime is { } at ? $"; switched to the stiff solver at t = {Number(at)}" : "")));
        if (analytic is not null)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"closed form {analytic.Formula}: max |error| {analytic.MaxAbsError:G3}"));
        }

        WriteFiles(output, plotPath, csvPath);
        return ExitCodes.Success;
    }

    private static int SolveDiffusion(TextWriter output, bool json, OdeTemplate template, Dictionary<string, double> parameters, Request request)
    {
        var problem = Read(() => template.CreateDiffusion(parameters));
        var options = request.Options(template);
        DiffusionSolution solution;
        try
        {
            solution = DiffusionSolver.Solve(problem, options);
        }
        catch (OdeSolverException e)
        {
            throw new UsageException($"the solver stopped: {e.Failure.Message}.");
        }
        catch (Exception e) when (e is ExpressionException or ArgumentException)
        {
            throw new UsageException(e.Message);
        }

        var p = template.Resolve(parameters);
        var analytic = TemplateSolver.Compare(template, p, solution);
        string? plotPath = null;
        if (request.Plot is { } plotFile)
        {
            OdePlot.Save(OdePlot.ForProfiles(solution, Shorten(template.Title), template.Units), plotFile);
            plotPath = Path.GetFullPath(plotFile);
        }

        string? csvPath = null;
        if (request.Csv is { } csvFile)
        {
            var text = new StringBuilder();
            text.AppendLine(string.Join(',', solution.Times.Select(t => CsvField($"{solution.Field}(t={Number(t)})")).Prepend("x")));
            for (var i = 0; i < solution.X.Count; i++)
            {
                text.AppendLine(string.Join(',', solution.Profiles.Select(profile => profile[i]).Prepend(solution.X[i]).Select(Number)));
            }

            WriteAtomically(csvFile, text.ToString());
            csvPath = Path.GetFullPath(csvFile);
        }

        if (json)
        {
            JsonOutput.Write(output, new
            {
                Variables = new[] { solution.Field },
                solution.X,
                T = solution.Times,
                Values = new Dictionary<string, IReadOnlyList<double[]>> { [solution.Field] = solution.Profiles },
                Final = new Dictionary<string, double[]> { [solution.Field] = solution.Final },
                solution.Method,
                Stiff = true,
                solution.Steps,
                solution.RejectedSteps,
                solution.FunctionEvaluations,
                solution.JacobianEvaluations,
                LuDecompositions = solution.Factorizations,
                Jacobian = "tridiagonal",
                Rtol = options.RelativeTolerance,
                Atol = options.AbsoluteTolerance,
                Equations = template.Equations,
                Parameters = p,
                Template = template.Name,
                Units = template.Units,
                Analytic = analytic,
                solution.Seconds,
                Plot = plotPath,
                Csv = csvPath,
            });
            return ExitCodes.Success;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        output.WriteLine($"{template.Title}:");
        foreach (var e in template.Equations)
        {
            output.WriteLine($"  {e}");
        }

        var xUnit = template.Units.GetValueOrDefault("x", "");
        var table = new Table().Border(TableBorder.Rounded).AddColumns($"x ({xUnit})", $"{solution.Field} at t = {Number(problem.T1)} {template.Units.GetValueOrDefault("t", "")}");
        var step = Math.Max(1, (solution.X.Count - 1) / 10);
        for (var i = 0; i < solution.X.Count; i += step)
        {
            table.AddRow(Number(solution.X[i]), Number(solution.Final[i]));
        }

        console.Write(table);
        output.WriteLine((Stats(solution.Method, true, solution.Steps, solution.RejectedSteps, solution.FunctionEvaluations, solution.JacobianEvaluations, options.RelativeTolerance, options.AbsoluteTolerance)
            + $"; {solution.X.Count} grid nodes"));
        if (analytic is not null)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"closed form {analytic.Formula}: max |error| {analytic.MaxAbsError:G3}"));
        }

        WriteFiles(output, plotPath, csvPath);
        return ExitCodes.Success;
    }

    /// <summary>The template's parameters as the problem holds them (t1 is the problem's end time).</summary>
    private static Dictionary<string, double> TemplateValues(OdeTemplate template, OdeProblem problem) =>
        problem.Parameters.Append(new("t1", problem.T1))
            .Where(kv => template.Parameters.Any(tp => tp.Name == kv.Key))
            .ToDictionary(kv => kv.Key, kv => kv.Value);

    private static string Stats(string method, bool stiff, long steps, long rejected, long fevals, long jevals, double rtol, double atol) =>
        string.Create(CultureInfo.InvariantCulture, $"{method}{(stiff ? " (stiff)" : "")}: {steps} steps, {rejected} rejected, {fevals} function and {jevals} Jacobian evaluations, rtol {rtol:G3}, atol {atol:G3}");

    private static void WriteFiles(TextWriter output, string? plot, string? csv)
    {
        if (plot is not null)
        {
            output.WriteLine($"plot: {plot}");
        }

        if (csv is not null)
        {
            output.WriteLine($"csv: {csv}");
        }
    }

    private static void WriteTemplates(TextWriter output, bool json)
    {
        if (json)
        {
            JsonOutput.Write(output, new
            {
                Templates = OdeTemplates.All.Select(t => new
                {
                    t.Name,
                    t.Title,
                    t.Description,
                    Kind = t.Kind.ToString().ToLowerInvariant(),
                    t.Equations,
                    t.Parameters,
                    t.Units,
                    t.AnalyticFormula,
                }),
            });
            return;
        }

        foreach (var t in OdeTemplates.All)
        {
            output.WriteLine($"{t.Name} — {t.Title}");
            output.WriteLine($"  {t.Description}");
            foreach (var e in t.Equations)
            {
                output.WriteLine($"    {e}");
            }

            output.WriteLine(OdeTemplates.Describe(t));
            output.WriteLine();
        }
    }

    /// <summary>Plot titles: the part of a template title before its parenthesis, at most 90 characters.</summary>
    private static string Shorten(string title)
    {
        var cut = title.IndexOf(" (", StringComparison.Ordinal);
        var head = cut > 20 ? title[..cut] : title;
        return head.Length <= 90 ? head : head[..87] + "...";
    }

    private static string Number(double value) => value.ToString("G10", CultureInfo.InvariantCulture);

    private static string CsvField(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    private static void WriteAtomically(string path, string text)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + $".{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, full, overwrite: true);
    }
}
