using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MatAssistant.Ode;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Bench;

/// <summary>
/// <c>solve</c>: our Dormand–Prince / Rodas4 against SciPy's solve_ivp (RK45, DOP853, Radau, BDF) on the same problems
/// at the same rtol/atol. SciPy runs in bench/scripts/scipy_reference.py with the system Python; nothing is installed here.
/// Usage: solve [--rtol R] [--atol A] [--python PATH] [--problem NAME]; solve --test-set (see <see cref="TestSetBenchmark"/>);
/// solve --fuzz N [--seed S].
/// </summary>
internal static class OdeBenchmark
{
    private sealed record Case(string Name, string[] Equations, string Initial, double T1, OdeMethod[] Methods, double Rtol, double Atol)
    {
        /// <summary>Stiff problems are compared with Radau and BDF, the others with RK45.</summary>
        public bool Stiff => Methods[0] == OdeMethod.Stiff;
    }

    private static readonly Case[] Cases =
    [
        new("decay", ["dy/dt = -2*y"], "y=1", 5, [OdeMethod.Nonstiff, OdeMethod.Auto, OdeMethod.Stiff], 1e-6, 1e-9),
        new("oscillator", ["x'' = -9*x"], "x=1,x'=0", 10, [OdeMethod.Nonstiff, OdeMethod.Auto], 1e-6, 1e-9),
        new("logistic", ["N' = 0.8*N*(1 - N/100)"], "N=2", 20, [OdeMethod.Nonstiff, OdeMethod.Auto], 1e-6, 1e-9),
        new("robertson", ["dy1/dt = -0.04*y1 + 1e4*y2*y3", "dy2/dt = 0.04*y1 - 1e4*y2*y3 - 3e7*y2^2", "dy3/dt = 3e7*y2^2"], "y1=1,y2=0,y3=0", 40, [OdeMethod.Stiff, OdeMethod.Bdf, OdeMethod.Auto], 1e-6, 1e-10),
        new("robertson-1e11", ["dy1/dt = -0.04*y1 + 1e4*y2*y3", "dy2/dt = 0.04*y1 - 1e4*y2*y3 - 3e7*y2^2", "dy3/dt = 3e7*y2^2"], "y1=1,y2=0,y3=0", 1e11, [OdeMethod.Stiff, OdeMethod.Bdf, OdeMethod.Auto], 1e-6, 1e-10),
        new("vanderpol-1000", ["x' = v", "v' = 1000*(1 - x^2)*v - x"], "x=2,v=0", 3000, [OdeMethod.Stiff, OdeMethod.Bdf, OdeMethod.Auto], 1e-6, 1e-6),
        // Method of lines: c_t = c_xx on [0, 1], c(0) = 1, no flux at 1, 100 unknowns; the same grid in SciPy.
        new("heat-100", [], "", 0.5, [OdeMethod.Stiff, OdeMethod.Bdf, OdeMethod.Nonstiff], 1e-6, 1e-9),
    ];

    private static readonly DiffusionProblem Heat = new()
    {
        Diffusivity = 1, Length = 1, Nodes = 101, T1 = 0.5, Initial = "0", Left = Boundary.Dirichlet("1"), Right = Boundary.Neumann(),
    };

    /// <summary>Final state, statistics and method name of one solve.</summary>
    private sealed record Outcome(double[] Final, long Steps, long Rejected, long FunctionEvaluations, long JacobianEvaluations, long Factorizations, string Method);

    private static Outcome Solve(Case c, OdeProblem? problem, OdeOptions options)
    {
        if (problem is null)
        {
            var d = DiffusionSolver.Solve(Heat, options);
            return new Outcome(d.Final[1..], d.Steps, d.RejectedSteps, d.FunctionEvaluations, d.JacobianEvaluations, d.Factorizations, d.Method);
        }

        var s = OdeSolver.Solve(problem, options);
        return new Outcome([.. problem.Variables.Select(v => s.Final[v])], s.Steps, s.RejectedSteps, s.FunctionEvaluations, s.JacobianEvaluations, s.Factorizations, s.Method);
    }

    public static int Run(string[] args)
    {
        if (args.Contains("--test-set"))
        {
            return TestSetBenchmark.Run(args, BenchPaths.Option(args, "--python") ?? "/usr/bin/python3", Path.GetDirectoryName(FindScript())!);
        }

        if (BenchPaths.Option(args, "--fuzz") is { } fuzzCount)
        {
            return Fuzz(int.Parse(fuzzCount, CultureInfo.InvariantCulture), int.Parse(BenchPaths.Option(args, "--seed") ?? "1", CultureInfo.InvariantCulture));
        }

        var python = BenchPaths.Option(args, "--python") ?? "/usr/bin/python3";
        var only = BenchPaths.Option(args, "--problem");
        var rtolOverride = BenchPaths.Option(args, "--rtol") is { } r ? double.Parse(r, CultureInfo.InvariantCulture) : (double?)null;
        var atolOverride = BenchPaths.Option(args, "--atol") is { } a ? double.Parse(a, CultureInfo.InvariantCulture) : (double?)null;
        var script = FindScript();
        Console.WriteLine($"# solve benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores (shared machine: times are indicative)");
        Console.WriteLine();
        Console.WriteLine("| problem | rtol / atol | solver | max rel. error (components > 100·atol) | steps | rejected | f evals | J evals | LU | ms |");
        Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var missingScipy = false;
        var ratios = new List<string>();
        foreach (var c in Cases.Where(c => only is null || c.Name == only))
        {
            var rtol = rtolOverride ?? c.Rtol;
            var atol = atolOverride ?? c.Atol;
            var scipy = RunScipy(python, script, c.Name, rtol, atol, out var scipyError);
            missingScipy |= scipy is null;
            var problem = c.Equations.Length == 0 ? null : OdeProblem.Parse(c.Equations, new Dictionary<string, double>(), Pairs(c.Initial), 0, c.T1);
            double[] reference = scipy?.GetProperty("reference").EnumerateArray().Select(e => e.GetDouble()).ToArray()
                ?? Solve(c, problem, new OdeOptions { Method = OdeMethod.Stiff, RelativeTolerance = 1e-12, AbsoluteTolerance = atol * 1e-3, Points = 2 }).Final;
            long ourBest = long.MaxValue;
            foreach (var method in c.Methods)
            {
                var options = new OdeOptions { Method = method, RelativeTolerance = rtol, AbsoluteTolerance = atol, Points = 2 };
                var solution = Solve(c, problem, options);
                var stopwatch = Stopwatch.StartNew();
                var repeats = 0;
                while (stopwatch.Elapsed.TotalMilliseconds < 200 || repeats < 3)
                {
                    Solve(c, problem, options);
                    repeats++;
                }

                var ms = stopwatch.Elapsed.TotalMilliseconds / repeats;
                var final = solution.Final;
                // Relative error over the components that matter at this atol (Robertson's y2 ~ 1e-13 at t = 1e11 does not).
                var error = final.Zip(reference, (x, y) => Math.Abs(y) > 100 * atol ? Math.Abs(x - y) / Math.Abs(y) : 0).Max();
                ourBest = Math.Min(ourBest, solution.FunctionEvaluations);
                Console.WriteLine(Invariant($"| {c.Name} | {rtol:G2} / {atol:G2} | **ours {method.ToString().ToLowerInvariant()}** ({solution.Method}) | {error:E1} | {solution.Steps} | {solution.Rejected} | {solution.FunctionEvaluations} | {solution.JacobianEvaluations} | {solution.Factorizations} | {ms:F2} |"));
            }

            if (scipy is null)
            {
                Console.WriteLine($"| {c.Name} | | SciPy not run: {scipyError} | | | | | | | |");
                continue;
            }

            long scipyBest = long.MaxValue;
            var best = "";
            foreach (var m in scipy.Value.GetProperty("methods").EnumerateArray())
            {
                var name = m.GetProperty("method").GetString();
                if (m.TryGetProperty("skipped", out var skipped))
                {
                    Console.WriteLine($"| {c.Name} | | scipy {name} | skipped: {skipped.GetString()} | | | | | | |");
                    continue;
                }

                var nfev = m.GetProperty("nfev").GetInt64();
                // "Comparable": on non-stiff problems RK45 (the same 5(4) pair as ours; DOP853 is an order-8 method),
                // on stiff problems Radau and BDF (implicit methods with the analytic Jacobian, like our Rodas4).
                var comparable = c.Stiff ? name is "Radau" or "BDF" : name == "RK45";
                if (comparable && nfev < scipyBest)
                {
                    scipyBest = nfev;
                    best = name!;
                }

                Console.WriteLine(Invariant($"| {c.Name} | | scipy {name} | {m.GetProperty("max_relative_error").GetDouble():E1} | {m.GetProperty("steps").GetInt64()} | | {nfev} | {m.GetProperty("njev").GetInt64()} | {m.GetProperty("nlu").GetInt64()} | {m.GetProperty("seconds").GetDouble() * 1000:F2} |"));
            }

            ratios.Add(Invariant($"{c.Name}: ours {ourBest} f-evals vs SciPy's best comparable ({best}) {scipyBest} → ratio {(double)ourBest / scipyBest:F2}"));
        }

        Console.WriteLine();
        foreach (var line in ratios)
        {
            Console.WriteLine(line);
        }

        if (missingScipy)
        {
            Console.Error.WriteLine("SciPy columns are missing: install it with `apt-get install python3-scipy` (Debian) or `pip install scipy`, or pass --python PATH.");
        }

        return 0;
    }

    /// <summary><c>solve --fuzz N [--seed S]</c>: the test suite's fuzz generator over many more cases.</summary>
    private static int Fuzz(int count, int seed)
    {
        var clock = Stopwatch.StartNew();
        var report = OdeFuzz.Run(seed, count, TimeSpan.FromSeconds(30));
        Console.WriteLine(Invariant($"# solve fuzz — seed {seed}, {report.Cases} cases in {clock.Elapsed.TotalSeconds:F1} s"));
        Console.WriteLine(Invariant($"rejected with a one-line error: {report.Rejected}; solver failure reported: {report.Failed}; solved: {report.Solved}"));
        Console.WriteLine(Invariant($"crashes: {report.Crashes.Count}; hangs (> 30 s): {report.Hangs.Count}; slowest case {report.SlowestSeconds:F2} s: {report.SlowestCase[..Math.Min(300, report.SlowestCase.Length)]}"));
        foreach (var line in report.Crashes.Concat(report.Hangs))
        {
            Console.WriteLine(line[..Math.Min(2000, line.Length)]);
        }

        return report.Crashes.Count + report.Hangs.Count == 0 ? 0 : 1;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, double> Pairs(string text) =>
        text.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "scripts", "scipy_reference.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine("bench", "scripts", "scipy_reference.py");
    }

    private static JsonElement? RunScipy(string python, string script, string problem, double rtol, double atol, out string? error) =>
        RunPython(python, [script, problem, rtol.ToString("R", CultureInfo.InvariantCulture), atol.ToString("R", CultureInfo.InvariantCulture)], out error);

    /// <summary>
    /// Runs a SciPy script and reads the JSON document it prints as its last line (LSODA's Fortran writes warnings to
    /// stdout before it); null with <paramref name="error"/> when Python, SciPy or the script fails.
    /// </summary>
    internal static JsonElement? RunPython(string python, IEnumerable<string> arguments, out string? error)
    {
        error = null;
        try
        {
            var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                error = stderr.Contains("No module named", StringComparison.Ordinal)
                    ? "SciPy is not installed (apt-get install python3-scipy)"
                    : stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? $"exit code {process.ExitCode}";
                return null;
            }

            var document = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
            if (document is null)
            {
                error = "the SciPy script printed no result";
                return null;
            }

            return JsonDocument.Parse(document).RootElement.Clone();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            error = $"{python} could not be started ({e.Message})";
            return null;
        }
    }
}
