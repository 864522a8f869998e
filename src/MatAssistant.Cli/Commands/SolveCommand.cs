using System.CommandLine;
using System.Globalization;
using MatAssistant.Application;
using MatAssistant.Application.Solving;
using MatAssistant.Ode;
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
        var method = new Option<string>("--method") { Description = "auto (default: Dormand–Prince or DOP853, switching to Rodas4 or Radau IIA when stiff), nonstiff (Dormand–Prince), stiff (Rodas4), bdf (variable-order BDF), dop853 (explicit, order 8) or radau (Radau IIA, order 5).", DefaultValueFactory = _ => "auto" };
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

        var query = new Option<string[]>("--query", "-q") { Description = $"A derived answer: {SolveQueryText.Syntax} (SI units); repeat for several." };
        command.Add(query);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var json = parse.GetValue(CommonOptions.Json);
            var templateName = parse.GetValue(template);
            if (templateName is not null && templateName.Equals("list", StringComparison.OrdinalIgnoreCase))
            {
                WriteTemplates(output, json);
                return ExitCodes.Success;
            }

            var request = new SolveRequest(
                parse.GetValue(equation),
                templateName,
                parse.GetValue(param),
                null,
                parse.GetValue(init),
                parse.GetValue(t0),
                parse.GetValue(t1),
                Rename(() => (parse.GetValue(query) ?? []).Select(SolveQueryText.Parse).ToList()),
                parse.GetValue(method)!,
                parse.GetValue(jacobian)!,
                parse.GetValue(rtol),
                parse.GetValue(atol),
                parse.GetValue(points),
                ReadTimes(parse.GetValue(times)),
                parse.GetValue(logTime),
                parse.GetValue(maxSteps),
                parse.GetValue(plot),
                parse.GetValue(csv));
            var result = await Rename(() => new SolveProblem().RunAsync(request, cancellationToken));
            if (json)
            {
                JsonOutput.Write(output, result);
            }
            else
            {
                WriteText(output, result);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The use case names its fields as the contracts do; the command line calls them --options.</summary>
    private static T Rename<T>(Func<T> run)
    {
        try
        {
            return run();
        }
        catch (RequestException e)
        {
            var message = e.Message;
            foreach (var (name, option) in new[] { ("method ", "--method "), ("jacobian ", "--jacobian "), ("rtol", "--rtol"), ("atol", "--atol"), ("plot ", "--plot "), ("give the end time t1.", "give the end time with --t1."), ("query ", "--query ") })
            {
                message = message.Replace(name, option, StringComparison.Ordinal);
            }

            throw new UsageException(message.Replace("----", "--", StringComparison.Ordinal));
        }
    }

    private static void WriteText(TextWriter output, SolveResult r)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        output.WriteLine(r.Template is null ? "Solved:" : $"{r.Title}:");
        foreach (var e in r.Equations)
        {
            output.WriteLine($"  {e}");
        }

        foreach (var answer in r.Answers)
        {
            output.WriteLine($"{answer.Text}{(answer.Note is null ? "" : $" ({answer.Note})")}");
        }

        if (r.X is { } x && r.FinalProfile is { } profiles)
        {
            var (field, final) = profiles.First();
            var table = new Table().Border(TableBorder.Rounded).AddColumns($"x ({r.Units.GetValueOrDefault("x", "")})", $"{field} at t = {Number(r.T1)} {r.Units.GetValueOrDefault("t", "")}");
            var step = Math.Max(1, (x.Count - 1) / 10);
            for (var i = 0; i < x.Count; i += step)
            {
                table.AddRow(Number(x[i]), Number(final[i]));
            }

            console.Write(table);
            output.WriteLine(Stats(r) + $"; {x.Count} grid nodes");
        }
        else
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("unknown", $"value at t = {Number(r.T1)}", "unit");
            foreach (var v in r.Variables)
            {
                table.AddRow(Markup.Escape(v), Number(r.Final[v]), Markup.Escape(r.Units.GetValueOrDefault(v, "")));
            }

            console.Write(table);
            output.WriteLine(Stats(r) + (r.SwitchTime is { } at ? $"; switched to the stiff solver at t = {Number(at)}" : ""));
        }

        if (r.Analytic is { } analytic)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"closed form {analytic.Formula}: max |error| {analytic.MaxAbsError:G3}"));
        }

        foreach (var assumption in r.Assumptions.Where(a => a.Contains("template default", StringComparison.Ordinal)))
        {
            output.WriteLine($"default: {assumption}");
        }

        if (r.Plot is not null)
        {
            output.WriteLine($"plot: {r.Plot}");
        }

        if (r.Csv is not null)
        {
            output.WriteLine($"csv: {r.Csv}");
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

    private static string Stats(SolveResult r) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.Method}{(r.Stiff ? " (stiff)" : "")}: {r.Steps} steps, {r.RejectedSteps} rejected, {r.FunctionEvaluations} function and {r.JacobianEvaluations} Jacobian evaluations, rtol {r.Rtol:G3}, atol {r.Atol:G3}");

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

    private static string Number(double value) => value.ToString("G10", CultureInfo.InvariantCulture);
}
