using MatAssistant.Ode.Expressions;

namespace MatAssistant.Ode.Tests;

public class ExpressionTests
{
    private static double Evaluate(string text, double t = 0, params (string Name, double Value)[] names)
    {
        var expr = ExpressionParser.Parse(text);
        var values = names.ToDictionary(n => n.Name, n => n.Value);
        var f = ExpressionCompiler.CompileScalar(expr, n =>
            values.TryGetValue(n.Name, out var v) ? new NameBinding.Constant(v)
            : n.Name == "t" ? new NameBinding.Independent()
            : PhysicalConstants.TryGet(n.Name, out var c) ? new NameBinding.Constant(c)
            : throw new ExpressionException("unknown " + n.Name, n.Position));
        return f(t, []);
    }

    [Theory]
    [InlineData("1 + 2*3", 7)]
    [InlineData("(1 + 2)*3", 9)]
    [InlineData("2^3^2", 512)]
    [InlineData("-2^2", -4)]
    [InlineData("2^-1", 0.5)]
    [InlineData("2**3", 8)]
    [InlineData("1.5e3 + 2E-1", 1500.2)]
    [InlineData(".5 * 4", 2)]
    [InlineData("10/4/5", 0.5)]
    [InlineData("8 - 3 - 2", 3)]
    [InlineData("exp(0) + ln(e) + log(1) + log10(1000)", 5)]
    [InlineData("sqrt(16) + abs(-3)", 7)]
    [InlineData("min(2, 3) + max(2, 3) + pow(2, 10)", 1029)]
    [InlineData("step(0) + step(-1e-300) + step(5)", 2)]
    [InlineData("erf(0) + erfc(0)", 1)]
    [InlineData("sinh(0) + cosh(0) + tanh(0) + sin(0) + cos(0) + tan(0)", 2)]
    [InlineData("R", 8.314462618)]
    [InlineData("2 × 3 − 1", 5)]
    [InlineData("2·3⋅2", 12)]
    [InlineData("kB*NA", 8.31446261815324)]
    [InlineData("-0.07 (90 - 20)", -4.9)]
    [InlineData("(1 - 3)(1 + 3)", -8)]
    [InlineData("2(3)^2", 18)]
    [InlineData("8/2(2)", 8)]
    public void Evaluates(string text, double expected) =>
        Assert.Equal(expected, Evaluate(text), 10);

    [Fact]
    public void Erfc_MatchesKnownValue() => Assert.Equal(0.157299207050285, Evaluate("erfc(1)"), 12);

    [Theory]
    [InlineData("1 +", "expression ends too early")]
    [InlineData("(1 + 2", "missing ')'")]
    [InlineData("2x", "missing operator")]
    [InlineData("foo(1)", "unknown function 'foo'")]
    [InlineData("k (T - 20)", "write k*(…)")]
    [InlineData("exp(1, 2)", "exp takes 1 argument")]
    [InlineData("1 $ 2", "unexpected '$'")]
    [InlineData("1e400", "is not a number")]
    public void RejectsBadInput_WithPosition(string text, string expected)
    {
        var e = Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("column", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNesting_IsAnErrorNotAStackOverflow()
    {
        var text = new string('(', 5000) + "1" + new string(')', 5000);
        Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(text));
    }

    [Theory]
    [InlineData("x^3", 2.0, 12.0)]
    [InlineData("exp(2*x)", 0.5, 5.43656365691809)]
    [InlineData("x/(1 + x)", 1.0, 0.25)]
    [InlineData("sqrt(x)", 4.0, 0.25)]
    [InlineData("log(x^2)", 3.0, 0.666666666666667)]
    [InlineData("x^x", 2.0, 6.77258872223978)]
    [InlineData("erfc(x)", 0.5, -0.878782578935445)]
    [InlineData("sin(x)*cos(x)", 0.3, 0.825335614909678)]
    [InlineData("tanh(x)", 0.5, 0.786447732978170)]
    [InlineData("min(x, 1)", 0.5, 1.0)]
    [InlineData("max(x, 1)", 0.5, 0.0)]
    [InlineData("abs(x)", -2.0, -1.0)]
    [InlineData("pow(x, 2.5)", 4.0, 20.0)]
    [InlineData("-x*exp(-1/x)", 1.0, -0.735758882342885)]
    public void Differentiates(string text, double x, double expected)
    {
        var d = Symbolic.Differentiate(ExpressionParser.Parse(text), "x");
        var f = ExpressionCompiler.CompileScalar(d, n => n.Name == "x" ? new NameBinding.Constant(x) : throw new InvalidOperationException(n.Name));
        Assert.Equal(expected, f(0, []), 9);
    }
}

public class ExpressionTextTests
{
    [Theory]
    [InlineData("-k*y", "-k*y")]
    [InlineData("((a + b)) * c", "(a + b)*c")]
    [InlineData("a - (b - c)", "a - (b - c)")]
    [InlineData("a - b + c", "a - b + c")]
    [InlineData("a/(b*c)", "a/(b*c)")]
    [InlineData("2^3^2", "2^3^2")]
    [InlineData("(2^3)^2", "(2^3)^2")]
    [InlineData("-x^2", "-x^2")]
    [InlineData("(-x)^2", "(-x)^2")]
    [InlineData("exp(-Ea/(R*T))*c", "exp(-Ea/(R*T))*c")]
    [InlineData("a*-b", "a*(-b)")]
    public void ToText_KeepsMeaningWithFewParentheses(string text, string expected)
    {
        var expr = ExpressionParser.Parse(text);
        Assert.Equal(expected, expr.ToText());
        Assert.Equal(expected, ExpressionParser.Parse(expr.ToText()).ToText());
    }
}
