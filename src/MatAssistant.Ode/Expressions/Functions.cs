using System.Reflection;
using MathNet.Numerics;

namespace MatAssistant.Ode.Expressions;

/// <summary>A built-in function of the expression language.</summary>
public sealed record FunctionInfo(string Name, int Arity, string Description, MethodInfo Method);

/// <summary>The functions expressions may call. <c>log</c> and <c>ln</c> are both the natural logarithm.</summary>
public static class Functions
{
    public static IReadOnlyList<FunctionInfo> All { get; } =
    [
        Math1("exp", nameof(Math.Exp), "e^x"),
        Math1("log", nameof(Math.Log), "natural logarithm"),
        Math1("ln", nameof(Math.Log), "natural logarithm"),
        Math1("log10", nameof(Math.Log10), "base-10 logarithm"),
        Math1("sqrt", nameof(Math.Sqrt), "square root"),
        Own("abs", nameof(Abs), 1, "absolute value"),
        Math1("sin", nameof(Math.Sin), "sine (radians)"),
        Math1("cos", nameof(Math.Cos), "cosine (radians)"),
        Math1("tan", nameof(Math.Tan), "tangent (radians)"),
        Math1("sinh", nameof(Math.Sinh), "hyperbolic sine"),
        Math1("cosh", nameof(Math.Cosh), "hyperbolic cosine"),
        Math1("tanh", nameof(Math.Tanh), "hyperbolic tangent"),
        Own("erf", nameof(Erf), 1, "error function"),
        Own("erfc", nameof(Erfc), 1, "complementary error function 1 − erf(x)"),
        Own("min", nameof(Min), 2, "smaller of two values"),
        Own("max", nameof(Max), 2, "larger of two values"),
        Own("pow", nameof(Pow), 2, "pow(x, y) = x^y"),
        Own("step", nameof(Step), 1, "Heaviside step: 1 for x ≥ 0, else 0"),
        Own("sign", nameof(Sign), 1, "−1, 0 or 1"),
    ];

    private static readonly Dictionary<string, FunctionInfo> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out FunctionInfo info) => ByName.TryGetValue(name, out info!);

    public static double Abs(double x) => Math.Abs(x);

    public static double Erf(double x) => SpecialFunctions.Erf(x);

    public static double Erfc(double x) => SpecialFunctions.Erfc(x);

    public static double Min(double x, double y) => Math.Min(x, y);

    public static double Max(double x, double y) => Math.Max(x, y);

    public static double Pow(double x, double y) => Math.Pow(x, y);

    public static double Step(double x) => x >= 0 ? 1.0 : 0.0;

    public static double Sign(double x) => double.IsNaN(x) ? double.NaN : Math.Sign(x);

    private static FunctionInfo Math1(string name, string method, string description) =>
        new(name, 1, description, typeof(Math).GetMethod(method, [typeof(double)])!);

    private static FunctionInfo Own(string name, string method, int arity, string description) =>
        new(name, arity, description, typeof(Functions).GetMethod(method, BindingFlags.Public | BindingFlags.Static)!);
}
