namespace BenchWorkloads;

/// <summary>
/// A tiny imperative language: integers, variables, arithmetic and comparisons, if/while, functions
/// with recursion. Source → tokens → AST (recursive descent) → evaluation by virtual Exec/Eval.
/// </summary>
public static class Interpreter
{
    private const string Source = """
        fn fib(n) { if (n < 2) { return n; } return fib(n - 1) + fib(n - 2); }
        fn collatz(n) {
            var steps = 0;
            while (n != 1) {
                if (n % 2 == 0) { n = n / 2; } else { n = 3 * n + 1; }
                steps = steps + 1;
            }
            return steps;
        }
        fn isPrime(n) {
            if (n < 2) { return 0; }
            var d = 2;
            while (d * d <= n) { if (n % d == 0) { return 0; } d = d + 1; }
            return 1;
        }
        fn gcd(a, b) { while (b != 0) { var t = b; b = a % b; a = t; } return a; }
        var total = 0;
        var i = 1;
        while (i < 1500) { total = total + collatz(i); i = i + 1; }
        var primes = 0;
        i = 0;
        while (i < 6000) { primes = primes + isPrime(i); i = i + 1; }
        var g = 0;
        i = 1;
        while (i < 400) { g = g + gcd(i * 7919, 104729 + i); i = i + 1; }
        return total * 1000003 + primes * 1009 + g * 7 + fib(17);
        """;

    public static long Run()
    {
        var tokens = Lexer.Tokenize(Source);
        var program = new Parser(tokens).ParseProgram();
        return program.Execute() ^ tokens.Count;
    }

    // ---- tokens ----

    private enum Kind { Number, Ident, Keyword, Symbol, End }

    private readonly record struct Token(Kind Kind, string Text, long Value);

    private static class Lexer
    {
        private static readonly HashSet<string> Keywords = ["fn", "var", "if", "else", "while", "return"];
        private static readonly string[] TwoCharSymbols = ["==", "!=", "<=", ">=", "&&", "||"];

        public static List<Token> Tokenize(string src)
        {
            var tokens = new List<Token>();
            var i = 0;
            while (i < src.Length)
            {
                var c = src[i];
                if (char.IsWhiteSpace(c)) { i++; continue; }
                if (char.IsDigit(c))
                {
                    long v = 0;
                    while (i < src.Length && char.IsDigit(src[i])) v = v * 10 + (src[i++] - '0');
                    tokens.Add(new Token(Kind.Number, "", v));
                    continue;
                }
                if (char.IsLetter(c) || c == '_')
                {
                    var start = i;
                    while (i < src.Length && (char.IsLetterOrDigit(src[i]) || src[i] == '_')) i++;
                    var word = src[start..i];
                    tokens.Add(new Token(Keywords.Contains(word) ? Kind.Keyword : Kind.Ident, word, 0));
                    continue;
                }
                if (i + 1 < src.Length && Array.IndexOf(TwoCharSymbols, src.Substring(i, 2)) >= 0)
                {
                    tokens.Add(new Token(Kind.Symbol, src.Substring(i, 2), 0));
                    i += 2;
                    continue;
                }
                tokens.Add(new Token(Kind.Symbol, c.ToString(), 0));
                i++;
            }
            tokens.Add(new Token(Kind.End, "", 0));
            return tokens;
        }
    }

    // ---- AST ----

    private sealed class Env(long[] slots)
    {
        public readonly long[] Slots = slots;
        public long ReturnValue;
    }

    private abstract class Expr
    {
        public abstract long Eval(Env env);
    }

    private sealed class Num(long value) : Expr
    {
        public override long Eval(Env env) => value;
    }

    private sealed class Var(int slot) : Expr
    {
        public override long Eval(Env env) => env.Slots[slot];
    }

    private sealed class Binary(char op, Expr left, Expr right) : Expr
    {
        public override long Eval(Env env)
        {
            var a = left.Eval(env);
            switch (op)
            {
                case '&': return a != 0 && right.Eval(env) != 0 ? 1 : 0;
                case '|': return a != 0 || right.Eval(env) != 0 ? 1 : 0;
            }
            var b = right.Eval(env);
            return op switch
            {
                '+' => a + b,
                '-' => a - b,
                '*' => a * b,
                '/' => a / b,
                '%' => a % b,
                '<' => a < b ? 1 : 0,
                '>' => a > b ? 1 : 0,
                'l' => a <= b ? 1 : 0,
                'g' => a >= b ? 1 : 0,
                '=' => a == b ? 1 : 0,
                '!' => a != b ? 1 : 0,
                _ => throw new InvalidOperationException($"bad operator {op}"),
            };
        }
    }

    private sealed class Call(Function[] functions, int index, Expr[] args) : Expr
    {
        public override long Eval(Env env)
        {
            var f = functions[index];
            var slots = new long[f.SlotCount];
            for (var i = 0; i < args.Length; i++) slots[i] = args[i].Eval(env);
            var callee = new Env(slots);
            f.Body.Exec(callee);
            return callee.ReturnValue;
        }
    }

    private abstract class Stmt
    {
        /// <summary>Runs the statement; true when a return was executed.</summary>
        public abstract bool Exec(Env env);
    }

    private sealed class Assign(int slot, Expr value) : Stmt
    {
        public override bool Exec(Env env)
        {
            env.Slots[slot] = value.Eval(env);
            return false;
        }
    }

    private sealed class Block(List<Stmt> body) : Stmt
    {
        public override bool Exec(Env env)
        {
            foreach (var s in body)
                if (s.Exec(env)) return true;
            return false;
        }
    }

    private sealed class If(Expr cond, Stmt then, Stmt? otherwise) : Stmt
    {
        public override bool Exec(Env env) =>
            cond.Eval(env) != 0 ? then.Exec(env) : otherwise is not null && otherwise.Exec(env);
    }

    private sealed class While(Expr cond, Stmt body) : Stmt
    {
        public override bool Exec(Env env)
        {
            while (cond.Eval(env) != 0)
                if (body.Exec(env)) return true;
            return false;
        }
    }

    private sealed class Return(Expr value) : Stmt
    {
        public override bool Exec(Env env)
        {
            env.ReturnValue = value.Eval(env);
            return true;
        }
    }

    private sealed class Function(string name)
    {
        public string Name { get; } = name;
        public int SlotCount;
        public Stmt Body = null!;
    }

    private sealed class Program(Stmt body, int slotCount)
    {
        public long Execute()
        {
            var env = new Env(new long[slotCount]);
            body.Exec(env);
            return env.ReturnValue;
        }
    }

    // ---- parser ----

    private sealed class Parser(List<Token> tokens)
    {
        private int _pos;
        private readonly List<Function> _functions = new();
        private Function[] _table = new Function[16];
        private Dictionary<string, int> _scope = new();

        public Program ParseProgram()
        {
            var body = new List<Stmt>();
            while (Peek.Kind != Kind.End)
            {
                if (IsKeyword("fn")) ParseFunction();
                else body.Add(ParseStatement());
            }
            return new Program(new Block(body), _scope.Count);
        }

        private Token Peek => tokens[_pos];

        private Token Next() => tokens[_pos++];

        private bool IsKeyword(string k) => Peek.Kind == Kind.Keyword && Peek.Text == k;

        private bool IsSymbol(string s) => Peek.Kind == Kind.Symbol && Peek.Text == s;

        private void Expect(string s)
        {
            var t = Next();
            if (t.Text != s) throw new FormatException($"expected {s}, got {t.Text}");
        }

        private int Slot(string name)
        {
            if (!_scope.TryGetValue(name, out var slot)) _scope[name] = slot = _scope.Count;
            return slot;
        }

        private void ParseFunction()
        {
            Next();
            var f = new Function(Next().Text);
            _functions.Add(f);
            if (_functions.Count > _table.Length) Array.Resize(ref _table, _table.Length * 2);
            _table[_functions.Count - 1] = f;
            var outer = _scope;
            _scope = new Dictionary<string, int>();
            Expect("(");
            while (!IsSymbol(")"))
            {
                Slot(Next().Text);
                if (IsSymbol(",")) Next();
            }
            Expect(")");
            f.Body = ParseBlock();
            f.SlotCount = _scope.Count;
            _scope = outer;
        }

        private Block ParseBlock()
        {
            Expect("{");
            var body = new List<Stmt>();
            while (!IsSymbol("}")) body.Add(ParseStatement());
            Expect("}");
            return new Block(body);
        }

        private Stmt ParseStatement()
        {
            if (IsKeyword("var"))
            {
                Next();
                var slot = Slot(Next().Text);
                Expect("=");
                var value = ParseExpr();
                Expect(";");
                return new Assign(slot, value);
            }
            if (IsKeyword("if"))
            {
                Next();
                Expect("(");
                var cond = ParseExpr();
                Expect(")");
                var then = ParseBlock();
                Stmt? otherwise = null;
                if (IsKeyword("else"))
                {
                    Next();
                    otherwise = ParseBlock();
                }
                return new If(cond, then, otherwise);
            }
            if (IsKeyword("while"))
            {
                Next();
                Expect("(");
                var cond = ParseExpr();
                Expect(")");
                return new While(cond, ParseBlock());
            }
            if (IsKeyword("return"))
            {
                Next();
                var value = ParseExpr();
                Expect(";");
                return new Return(value);
            }
            var name = Next().Text;
            Expect("=");
            var e = ParseExpr();
            Expect(";");
            return new Assign(Slot(name), e);
        }

        private static readonly string[][] Levels =
        [
            ["||"], ["&&"], ["==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/", "%"],
        ];

        private Expr ParseExpr(int level = 0)
        {
            if (level == Levels.Length) return ParsePrimary();
            var left = ParseExpr(level + 1);
            while (Peek.Kind == Kind.Symbol && Array.IndexOf(Levels[level], Peek.Text) >= 0)
            {
                var op = Next().Text switch
                {
                    "<=" => 'l', ">=" => 'g', "==" => '=', "!=" => '!', "&&" => '&', "||" => '|',
                    var s => s[0],
                };
                left = new Binary(op, left, ParseExpr(level + 1));
            }
            return left;
        }

        private Expr ParsePrimary()
        {
            var t = Next();
            switch (t.Kind)
            {
                case Kind.Number:
                    return new Num(t.Value);
                case Kind.Ident when IsSymbol("("):
                {
                    Next();
                    var args = new List<Expr>();
                    while (!IsSymbol(")"))
                    {
                        args.Add(ParseExpr());
                        if (IsSymbol(",")) Next();
                    }
                    Expect(")");
                    var index = _functions.FindIndex(f => f.Name == t.Text);
                    if (index < 0) throw new FormatException($"unknown function {t.Text}");
                    return new Call(_table, index, args.ToArray());
                }
                case Kind.Ident:
                    return new Var(Slot(t.Text));
                case Kind.Symbol when t.Text == "(":
                {
                    var e = ParseExpr();
                    Expect(")");
                    return e;
                }
                default:
                    throw new FormatException($"unexpected {t.Text}");
            }
        }
    }
}
