// A tiny interpreter: the app's own "stack" is many recursive Eval/Exec frames over an AST.
using System.Text;

namespace Interpreter;

internal enum Tok { Num, Ident, Op, LParen, RParen, LBrace, RBrace, Semi, Comma, End }

internal readonly record struct Token(Tok Kind, string Text);

internal static class Lexer
{
    public static List<Token> Lex(string src)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < src.Length)
        {
            char c = src[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsDigit(c))
            {
                int s = i;
                while (i < src.Length && char.IsDigit(src[i])) i++;
                tokens.Add(new Token(Tok.Num, src[s..i]));
                continue;
            }
            if (char.IsLetter(c))
            {
                int s = i;
                while (i < src.Length && char.IsLetterOrDigit(src[i])) i++;
                tokens.Add(new Token(Tok.Ident, src[s..i]));
                continue;
            }
            string two = i + 1 < src.Length ? src.Substring(i, 2) : "";
            if (two is "==" or "!=" or "<=" or ">=" or "&&" or "||") { tokens.Add(new Token(Tok.Op, two)); i += 2; continue; }
            Tok kind = c switch
            {
                '(' => Tok.LParen, ')' => Tok.RParen, '{' => Tok.LBrace, '}' => Tok.RBrace,
                ';' => Tok.Semi, ',' => Tok.Comma, _ => Tok.Op,
            };
            tokens.Add(new Token(kind, c.ToString()));
            i++;
        }
        tokens.Add(new Token(Tok.End, ""));
        return tokens;
    }
}

internal abstract class Node { }
internal abstract class Expr : Node { public abstract long Eval(Machine m); }
internal abstract class Stmt : Node { public abstract void Exec(Machine m); }

internal sealed class NumExpr : Expr
{
    public NumExpr(long v) => V = v;
    public long V { get; }
    public override long Eval(Machine m) => V;
}

internal sealed class VarExpr : Expr
{
    public VarExpr(string name) => Name = name;
    public string Name { get; }
    public override long Eval(Machine m) => m.Get(Name);
}

internal sealed class BinExpr : Expr
{
    public BinExpr(string op, Expr l, Expr r) { Op = op; L = l; R = r; }
    public string Op { get; }
    public Expr L { get; }
    public Expr R { get; }
    public override long Eval(Machine m)
    {
        long a = L.Eval(m);
        if (Op == "&&" && a == 0) return 0;
        if (Op == "||" && a != 0) return 1;
        long b = R.Eval(m);
        return Op switch
        {
            "+" => a + b, "-" => a - b, "*" => a * b, "/" => a / b, "%" => a % b,
            "<" => a < b ? 1 : 0, ">" => a > b ? 1 : 0, "<=" => a <= b ? 1 : 0, ">=" => a >= b ? 1 : 0,
            "==" => a == b ? 1 : 0, "!=" => a != b ? 1 : 0, "&&" => b != 0 ? 1 : 0, "||" => b != 0 ? 1 : 0,
            _ => throw new InvalidOperationException("op " + Op),
        };
    }
}

internal sealed class CallExpr : Expr
{
    public CallExpr(string name, List<Expr> args) { Name = name; Args = args; }
    public string Name { get; }
    public List<Expr> Args { get; }
    public override long Eval(Machine m)
    {
        var values = new long[Args.Count];
        for (int i = 0; i < values.Length; i++) values[i] = Args[i].Eval(m);
        return m.Call(Name, values);
    }
}

internal sealed class AssignStmt : Stmt
{
    public AssignStmt(string name, Expr value) { Name = name; Value = value; }
    public string Name { get; }
    public Expr Value { get; }
    public override void Exec(Machine m) => m.Set(Name, Value.Eval(m));
}

internal sealed class PrintStmt : Stmt
{
    public PrintStmt(List<Expr> values) => Values = values;
    public List<Expr> Values { get; }
    public override void Exec(Machine m)
    {
        var sb = new StringBuilder();
        foreach (Expr e in Values) sb.Append(sb.Length == 0 ? "" : " ").Append(e.Eval(m));
        m.Output(sb.ToString());
    }
}

internal sealed class WhileStmt : Stmt
{
    public WhileStmt(Expr cond, List<Stmt> body) { Cond = cond; Body = body; }
    public Expr Cond { get; }
    public List<Stmt> Body { get; }
    public override void Exec(Machine m)
    {
        while (Cond.Eval(m) != 0)
        {
            foreach (Stmt s in Body) s.Exec(m);
            if (m.Returning) return;
        }
    }
}

internal sealed class IfStmt : Stmt
{
    public IfStmt(Expr cond, List<Stmt> then, List<Stmt>? els) { Cond = cond; Then = then; Else = els; }
    public Expr Cond { get; }
    public List<Stmt> Then { get; }
    public List<Stmt>? Else { get; }
    public override void Exec(Machine m)
    {
        List<Stmt>? branch = Cond.Eval(m) != 0 ? Then : Else;
        if (branch is null) return;
        foreach (Stmt s in branch)
        {
            s.Exec(m);
            if (m.Returning) return;
        }
    }
}

internal sealed class ReturnStmt : Stmt
{
    public ReturnStmt(Expr value) => Value = value;
    public Expr Value { get; }
    public override void Exec(Machine m) => m.Return(Value.Eval(m));
}

internal sealed class FuncDef
{
    public FuncDef(string name, List<string> parameters, List<Stmt> body) { Name = name; Params = parameters; Body = body; }
    public string Name { get; }
    public List<string> Params { get; }
    public List<Stmt> Body { get; }
}

internal sealed class Parser
{
    private readonly List<Token> _t;
    private int _p;
    public Parser(List<Token> tokens) => _t = tokens;
    public Dictionary<string, FuncDef> Functions { get; } = new();

    private Token Peek => _t[_p];
    private Token Take() => _t[_p++];
    private void Expect(string text)
    {
        Token t = Take();
        if (t.Text != text) throw new FormatException($"expected '{text}' got '{t.Text}' at {_p}");
    }

    public List<Stmt> ParseProgram()
    {
        var stmts = new List<Stmt>();
        while (Peek.Kind != Tok.End)
        {
            if (Peek.Text == "fn") ParseFunction();
            else stmts.Add(ParseStmt());
        }
        return stmts;
    }

    private void ParseFunction()
    {
        Take();
        string name = Take().Text;
        Expect("(");
        var ps = new List<string>();
        while (Peek.Kind != Tok.RParen)
        {
            ps.Add(Take().Text);
            if (Peek.Kind == Tok.Comma) Take();
        }
        Expect(")");
        Functions[name] = new FuncDef(name, ps, ParseBlock());
    }

    private List<Stmt> ParseBlock()
    {
        Expect("{");
        var body = new List<Stmt>();
        while (Peek.Kind != Tok.RBrace) body.Add(ParseStmt());
        Expect("}");
        return body;
    }

    private Stmt ParseStmt()
    {
        Token t = Peek;
        if (t.Text == "while") { Take(); Expect("("); Expr c = ParseExpr(0); Expect(")"); return new WhileStmt(c, ParseBlock()); }
        if (t.Text == "if")
        {
            Take(); Expect("("); Expr c = ParseExpr(0); Expect(")");
            List<Stmt> then = ParseBlock();
            List<Stmt>? els = null;
            if (Peek.Text == "else") { Take(); els = ParseBlock(); }
            return new IfStmt(c, then, els);
        }
        if (t.Text == "print")
        {
            Take();
            var values = new List<Expr> { ParseExpr(0) };
            while (Peek.Kind == Tok.Comma) { Take(); values.Add(ParseExpr(0)); }
            Expect(";");
            return new PrintStmt(values);
        }
        if (t.Text == "return") { Take(); Expr v = ParseExpr(0); Expect(";"); return new ReturnStmt(v); }
        string name = Take().Text;
        Expect("=");
        Expr value = ParseExpr(0);
        Expect(";");
        return new AssignStmt(name, value);
    }

    private static int Precedence(string op) => op switch
    {
        "||" => 1, "&&" => 2, "==" or "!=" => 3, "<" or ">" or "<=" or ">=" => 4, "+" or "-" => 5, "*" or "/" or "%" => 6, _ => -1,
    };

    private Expr ParseExpr(int minPrec)
    {
        Expr left = ParsePrimary();
        while (Peek.Kind == Tok.Op && Precedence(Peek.Text) > minPrec)
        {
            string op = Take().Text;
            Expr right = ParseExpr(Precedence(op));
            left = new BinExpr(op, left, right);
        }
        return left;
    }

    private Expr ParsePrimary()
    {
        Token t = Take();
        if (t.Kind == Tok.Num) return new NumExpr(long.Parse(t.Text));
        if (t.Kind == Tok.LParen) { Expr e = ParseExpr(0); Expect(")"); return e; }
        if (t.Kind == Tok.Ident && Peek.Kind == Tok.LParen)
        {
            Take();
            var args = new List<Expr>();
            while (Peek.Kind != Tok.RParen)
            {
                args.Add(ParseExpr(0));
                if (Peek.Kind == Tok.Comma) Take();
            }
            Expect(")");
            return new CallExpr(t.Text, args);
        }
        return new VarExpr(t.Text);
    }
}

internal sealed class Machine
{
    private readonly Dictionary<string, FuncDef> _functions;
    private readonly Stack<Dictionary<string, long>> _scopes = new();
    private long _returnValue;
    public readonly List<string> Lines = new();

    public Machine(Dictionary<string, FuncDef> functions)
    {
        _functions = functions;
        _scopes.Push(new Dictionary<string, long>());
    }

    public bool Returning { get; private set; }
    public int Calls { get; private set; }

    public long Get(string name) => _scopes.Peek().TryGetValue(name, out long v) ? v : throw new KeyNotFoundException(name);
    public void Set(string name, long v) => _scopes.Peek()[name] = v;
    public void Output(string line) { Lines.Add(line); Console.WriteLine(line); }
    public void Return(long v) { _returnValue = v; Returning = true; }

    public long Call(string name, long[] args)
    {
        Calls++;
        FuncDef f = _functions[name];
        var scope = new Dictionary<string, long>();
        for (int i = 0; i < f.Params.Count; i++) scope[f.Params[i]] = args[i];
        _scopes.Push(scope);
        foreach (Stmt s in f.Body)
        {
            s.Exec(this);
            if (Returning) break;
        }
        _scopes.Pop();
        Returning = false;
        return _returnValue;
    }

    public void Run(List<Stmt> program)
    {
        foreach (Stmt s in program) s.Exec(this);
    }
}

internal static class Program
{
    private const string Source = @"
        fn gcd(a, b) { while (b != 0) { t = a % b; a = b; b = t; } return a; }
        fn fib(n) { if (n < 2) { return n; } return fib(n - 1) + fib(n - 2); }
        fn isprime(n) {
            if (n < 2) { return 0; }
            d = 2;
            while (d * d <= n) { if (n % d == 0) { return 0; } d = d + 1; }
            return 1;
        }
        n = 2; count = 0;
        while (n < 60) { if (isprime(n)) { print n; count = count + 1; } n = n + 1; }
        print 1000, count;
        print gcd(1071, 462), gcd(270, 192);
        i = 0;
        while (i <= 12) { print i, fib(i); i = i + 3; }
        x = 1; steps = 0;
        while (x < 100000 && steps < 40) { x = x * 3 + 1; steps = steps + 1; }
        print x, steps;
    ";

    private static int Main()
    {
        List<Token> tokens = Lexer.Lex(Source);
        var parser = new Parser(tokens);
        List<Stmt> program = parser.ParseProgram();
        Console.WriteLine($"tokens={tokens.Count} statements={program.Count} functions={parser.Functions.Count}");
        var machine = new Machine(parser.Functions);
        machine.Run(program);
        Console.WriteLine($"output lines={machine.Lines.Count} calls={machine.Calls}");

        var primes = new List<string>();
        for (int n = 2; n < 60; n++)
        {
            bool p = true;
            for (int d = 2; d * d <= n; d++) if (n % d == 0) { p = false; break; }
            if (p) primes.Add(n.ToString());
        }
        for (int i = 0; i < primes.Count; i++) if (machine.Lines[i] != primes[i]) return Fail(11, "prime " + i);
        if (machine.Lines[primes.Count] != $"1000 {primes.Count}") return Fail(12, "count");
        if (machine.Lines[primes.Count + 1] != "21 6") return Fail(13, "gcd");
        if (machine.Lines[primes.Count + 6] != "12 144") return Fail(14, "fib");
        if (machine.Lines[^1] != "265720 11") return Fail(15, "last " + machine.Lines[^1]);
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
