// Go text/template behaviour over JSON: docker's documented --format examples, Go's
// builtins, printing of values, and Go's error messages.
#include <gtest/gtest.h>

#include "cli/output/template.hpp"
#include "engine/base/error.hpp"

namespace {

using nlohmann::json;
using tug::cli::output::Template;

const json& container() {
    static const json data = json::parse(R"({
        "Id": "4a5c8b3e2f1d9e8f7a6b5c4d3e2f1a0b",
        "Name": "/web",
        "Names": ["web", "frontend"],
        "Args": ["-g", "daemon off;"],
        "State": {"Status": "running", "Running": true, "Pid": 1234, "ExitCode": 0},
        "Config": {
            "Image": "nginx:1.25",
            "Labels": {"com.example.x": "yes", "maintainer": "a<b>&c"},
            "Env": ["A=1", "B=2"],
            "Cmd": null
        },
        "NetworkSettings": {
            "Networks": {"bridge": {"IPAddress": "10.4.0.2"}, "front": {"IPAddress": "10.5.0.3"}},
            "Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}
        },
        "SizeRw": 1234567,
        "Ratio": 1.5,
        "Big": 1000000.0,
        "Empty": "",
        "EmptyList": [],
        "Zero": 0,
        "Nothing": null
    })");
    return data;
}

std::string run(const std::string& text, const json& data = container()) {
    return Template::parse(text).execute(data);
}

// The message of the tug::Error that parsing or running text throws ("" if none).
std::string error_of(const std::string& text, const json& data = container()) {
    try {
        Template::parse(text).execute(data);
    } catch (const tug::Error& e) {
        EXPECT_EQ(e.code(), tug::Errc::InvalidArgument);
        return e.message();
    }
    return "";
}

TEST(Template, DockerDocumentedExamples) {
    EXPECT_EQ(run(R"({{join .Names ","}})"), "web,frontend");
    EXPECT_EQ(run(R"({{join .Args " "}})"), "-g daemon off;");
    EXPECT_EQ(run("{{json .Config}}"),
              R"({"Cmd":null,"Env":["A=1","B=2"],"Image":"nginx:1.25",)"
              R"("Labels":{"com.example.x":"yes","maintainer":"a<b>&c"}})");
    EXPECT_EQ(run("{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}"), "10.4.0.210.5.0.3");
    EXPECT_EQ(run("{{.State.Running}}"), "true");
    EXPECT_EQ(run("{{upper .State.Status}}"), "RUNNING");
    EXPECT_EQ(run(R"({{title "hello world-foo bar_baz"}})"), "Hello World-Foo Bar_baz");
    EXPECT_EQ(run(R"({{lower "MiXeD"}})"), "mixed");
    EXPECT_EQ(run("{{len .Names}}"), "2");
    EXPECT_EQ(run(R"({{index .Config.Labels "com.example.x"}})"), "yes");
    EXPECT_EQ(run("{{println .Name}}"), "/web\n");
    EXPECT_EQ(run(R"({{split .Config.Image ":"}})"), "[nginx 1.25]");
    EXPECT_EQ(run("{{truncate .Id 3}}"), "4a5");
    EXPECT_EQ(run("{{truncate .Name 100}}"), "/web");
    EXPECT_EQ(run(R"({{if eq .State.Status "running"}}up{{else}}down{{end}})"), "up");
    EXPECT_EQ(run(R"({{if eq .State.Status "exited"}}up{{else}}down{{end}})"), "down");
    EXPECT_EQ(run("{{pad .Name 1 2}}|"), " /web  |");
    EXPECT_EQ(run("{{pad .Empty 1 2}}|"), "|");
    EXPECT_EQ(
        run(R"({{range $p, $conf := .NetworkSettings.Ports}}{{$p}} -> {{(index $conf 0).HostPort}}{{end}})"),
        "80/tcp -> 8080");
    EXPECT_EQ(run(R"({{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}})"),
              "com.example.x=yes;maintainer=a<b>&c;");
    EXPECT_EQ(run(R"({{if eq 0.0 .State.ExitCode}}ok{{end}})"), "ok");
    EXPECT_EQ(run(R"({{split (join .Names "/") "/"}})"), "[web frontend]");
    EXPECT_EQ(run("{{range .NetworkSettings.Networks}}{{println .IPAddress}}{{end}}"),
              "10.4.0.2\n10.5.0.3\n");
    EXPECT_EQ(run("{{range $k, $v := .Config.Labels -}} {{ $k }}={{ $v }} {{ end -}}"),
              "com.example.x=yes maintainer=a<b>&c ");
    EXPECT_EQ(
        run(R"({{range $c, $n := .NetworkSettings.Networks}} => {{$c}} {{$n.IPAddress}}{{end}})"),
        " => bridge 10.4.0.2 => front 10.5.0.3");
    EXPECT_EQ(
        run(R"({{range $k, $v := index .NetworkSettings.Ports "80/tcp" 0}}{{. | printf "%s: %s " $k}}{{end}})"),
        "HostIp: 0.0.0.0 HostPort: 8080 ");
}

TEST(Template, ValuesPrintLikeGo) {
    EXPECT_EQ(run("{{.Name}}"), "/web");
    EXPECT_EQ(run("{{.SizeRw}}"), "1234567");
    EXPECT_EQ(run("{{.Ratio}}"), "1.5");
    EXPECT_EQ(run("{{.Big}}"), "1e+06");
    EXPECT_EQ(run("{{.Nothing}}"), "<nil>");
    EXPECT_EQ(run("{{.Names}}"), "[web frontend]");
    EXPECT_EQ(run("{{.EmptyList}}"), "[]");
    EXPECT_EQ(run("{{.Config}}"),
              "map[Cmd:<nil> Env:[A=1 B=2] Image:nginx:1.25 Labels:map[com.example.x:yes "
              "maintainer:a<b>&c]]");
    EXPECT_EQ(run("{{.Missing}}"), "<no value>");
    EXPECT_EQ(run("{{.Missing.Deeper}}"), "<no value>");
    EXPECT_EQ(run("{{.}}", json(nullptr)), "<nil>");
    EXPECT_EQ(run("{{1.0}} {{1.25}} {{3}} {{-2}} {{0x1F}} {{1e3}} {{'a'}} {{true}}"),
              "1 1.25 3 -2 31 1000 97 true");
    EXPECT_EQ(run(R"({{"it's \"q\"\t\u00e9"}})"), "it's \"q\"\t\xc3\xa9");
    EXPECT_EQ(run("{{`a\\nb`}}"), "a\\nb");
    EXPECT_EQ(run("{{print 1.5e-7}} {{print 123456.0}} {{print 0.0001}} {{print 1e20}}"),
              "1.5e-07 123456 0.0001 1e+20");
}

TEST(Template, TextTrimAndComments) {
    EXPECT_EQ(run("a  {{- .Name -}}  b"), "a/webb");
    EXPECT_EQ(run("a\n\t{{- .Name}}\n"), "a/web\n");
    EXPECT_EQ(run("x{{/* a comment */}}y"), "xy");
    EXPECT_EQ(run("x {{- /* c */ -}} y"), "xy");
    EXPECT_EQ(run("{{-3}}"), "-3");  // not a trim marker without the space
    EXPECT_EQ(run("plain text"), "plain text");
    EXPECT_EQ(run(""), "");
}

TEST(Template, VariablesAndScopes) {
    EXPECT_EQ(run("{{$x := .Name}}{{$x}}"), "/web");
    EXPECT_EQ(run("{{$x := 1}}{{$x = 2}}{{$x}}"), "2");
    EXPECT_EQ(run("{{range .Names}}{{$.Name}}{{end}}"), "/web/web");
    EXPECT_EQ(run("{{range $i, $e := .Names}}{{$i}}={{$e}} {{end}}"), "0=web 1=frontend ");
    EXPECT_EQ(run("{{range $e := .Names}}{{$e}}{{end}}"), "webfrontend");
    EXPECT_EQ(run("{{with $s := .State}}{{$s.Pid}}{{end}}"), "1234");
    EXPECT_EQ(run("{{$n := 0}}{{range .Names}}{{$n = len .}}{{end}}{{$n}}"), "8");
    EXPECT_EQ(run("{{$.State.Status}}"), "running");
}

TEST(Template, ControlStructures) {
    EXPECT_EQ(run("{{with .State}}{{.Pid}}{{end}}"), "1234");
    EXPECT_EQ(run("{{with .Empty}}x{{else}}y{{end}}"), "y");
    EXPECT_EQ(run("{{with .Missing}}x{{else with .Name}}{{.}}{{end}}"), "/web");
    EXPECT_EQ(run("{{range .EmptyList}}x{{else}}none{{end}}"), "none");
    EXPECT_EQ(run("{{range .Config.Cmd}}x{{else}}none{{end}}"), "none");
    EXPECT_EQ(run("{{if eq .Zero 1}}one{{else if eq .Zero 0}}zero{{else}}other{{end}}"), "zero");
    EXPECT_EQ(run("{{if .Zero}}a{{else if .Empty}}b{{else}}c{{end}}"), "c");
    EXPECT_EQ(run(R"({{range .Names}}{{if eq . "frontend"}}{{break}}{{end}}{{.}}{{end}})"), "web");
    EXPECT_EQ(run(R"({{range .Names}}{{if eq . "web"}}{{continue}}{{end}}{{.}}{{end}})"),
              "frontend");
    EXPECT_EQ(run("{{range 3}}{{.}}{{end}}"), "012");
    // Go truthiness
    EXPECT_EQ(run("{{if .EmptyList}}t{{else}}f{{end}}{{if .Nothing}}t{{else}}f{{end}}"
                  "{{if .Config.Labels}}t{{else}}f{{end}}{{if .Ratio}}t{{else}}f{{end}}"),
              "fftt");
}

TEST(Template, PipelinesAndParens) {
    EXPECT_EQ(run(R"({{.Name | printf "%q"}})"), "\"/web\"");
    EXPECT_EQ(run(R"({{"a" | printf "%s-%s" "b"}})"), "b-a");
    EXPECT_EQ(run(R"({{join .Names ", " | upper}})"), "WEB, FRONTEND");
    EXPECT_EQ(run(R"({{", " | join .Names}})"), "web, frontend");
    EXPECT_EQ(run("{{(index .Names 1)}}"), "frontend");
    EXPECT_EQ(run(R"({{(index .NetworkSettings.Networks "front").IPAddress}})"), "10.5.0.3");
    EXPECT_EQ(run("{{len (split .Config.Image \":\")}}"), "2");
}

TEST(Template, Builtins) {
    EXPECT_EQ(run("{{and 1 0 2}} {{and 1 2}} {{or 0 \"\" \"x\"}} {{or 0 .Empty}}|"), "0 2 x |");
    EXPECT_EQ(run("{{not .Empty}} {{not .Name}}"), "true false");
    EXPECT_EQ(run("{{lt 1 2}} {{le 2 2}} {{gt 1 2}} {{ge \"b\" \"a\"}} {{lt 1 2.5}}"),
              "true true false true true");
    EXPECT_EQ(run("{{eq 1 2 3 1}} {{eq .Name \"/web\"}} {{ne .Zero 0}} {{eq .Nothing nil}}"),
              "true true false true");
    EXPECT_EQ(run(R"({{slice "hello" 1 3}} {{slice .Names 1}} {{slice .Names 0 0}})"),
              "el [frontend] []");
    EXPECT_EQ(run("{{index .Names 1}} {{index .NetworkSettings.Ports \"80/tcp\" 0 \"HostPort\"}}"),
              "frontend 8080");
    EXPECT_EQ(run(R"({{index .Config.Labels "missing"}}|)"), "|");
    EXPECT_EQ(run(R"({{index .NetworkSettings.Networks "none"}})"), "<nil>");
    EXPECT_EQ(run("{{len .Name}} {{len .Config.Labels}}"), "4 2");
    EXPECT_EQ(run(R"({{print 1 2 "a" "b" 3}})"), "1 2ab3");
    EXPECT_EQ(run(R"({{println 1 "a" .Nothing}})"), "1 a <nil>\n");
    EXPECT_EQ(
        run(R"({{json .Config.Labels.maintainer}} {{json .Missing}} {{json .Ratio}} {{json .Big}})"),
        R"("a<b>&c" null 1.5 1000000)");
    EXPECT_EQ(run(R"({{split "a,b,,c" ","}} {{len (split "" ",")}} {{split "héj" ""}})"),
              "[a b  c] 1 [h \xc3\xa9 j]");
}

TEST(Template, Printf) {
    EXPECT_EQ(
        run(R"({{printf "%5d|%-5s|%05.1f|%x|%X|%t|%v" 42 "ab" 3.14159 255 255 true .Names}})"),
        "   42|ab   |003.1|ff|FF|true|[web frontend]");
    EXPECT_EQ(run(R"({{printf "%q %s %.2s %8.3f %e %g" "a\"b" .Names "hello" 2.5 1234.5678 0.5}})"),
              R"("a\"b" [web frontend] he    2.500 1.234568e+03 0.5)");
    EXPECT_EQ(run(R"({{printf "%+d %03d %-4d| %o %b %c %%" 5 -7 3 8 5 65}})"),
              "+5 -07 3   | 10 101 A %");
    EXPECT_EQ(run(R"({{printf "%d" "x"}})"), "%!d(string=x)");
    EXPECT_EQ(run(R"({{printf "%d %d" 1}})"), "1 %!d(MISSING)");
    EXPECT_EQ(run(R"({{printf "%d" 1 "b"}})"), "1%!(EXTRA string=b)");
    EXPECT_EQ(run(R"({{printf "%s" .Nothing}} {{printf "%v" .Nothing}} {{printf "%d" 1.5}})"),
              "%!s(<nil>) <nil> %!d(float64=1.5)");
    EXPECT_EQ(run(R"({{printf "%s: %s" "k" .Config.Labels}})"),
              "k: map[com.example.x:yes maintainer:a<b>&c]");
    EXPECT_EQ(run(R"({{printf "%" }})"), "%!(NOVERB)");
}

TEST(Template, ParseErrorsUseGoWording) {
    EXPECT_EQ(error_of("{{.Name}"), R"(template: :1: unexpected "}" in operand)");
    EXPECT_EQ(error_of("{{.Name"), "template: :1: unclosed action");
    EXPECT_EQ(error_of("{{end}}"), "template: :1: unexpected {{end}}");
    EXPECT_EQ(error_of("{{else}}"), "template: :1: unexpected {{else}}");
    EXPECT_EQ(error_of("{{if .Name}}a"), "template: :1: unexpected EOF");
    EXPECT_EQ(error_of("{{range .Names}}\n{{.}}\n"), "template: :3: unexpected EOF");
    EXPECT_EQ(error_of("{{foo .Name}}"), R"(template: :1: function "foo" not defined)");
    EXPECT_EQ(error_of("{{$y}}"), R"(template: :1: undefined variable "$y")");
    EXPECT_EQ(error_of("{{}}"), "template: :1: missing value for command");
    EXPECT_EQ(error_of("{{if}}{{end}}"), "template: :1: missing value for if");
    EXPECT_EQ(error_of("{{range $i, $e, $f := .Names}}{{end}}"),
              "template: :1: too many declarations in range");
    EXPECT_EQ(error_of("{{/* x }}"), "template: :1: unclosed comment");
    EXPECT_EQ(error_of("{{/* x */ .Name}}"), "template: :1: comment ends before closing delimiter");
    EXPECT_EQ(error_of("{{\"abc}}"), "template: :1: unterminated quoted string");
    EXPECT_EQ(error_of("{{.Name | 3}}"),
              "template: :1: non executable command in pipeline stage 2");
    EXPECT_EQ(error_of("{{(.Name}}"), "template: :1: unclosed left paren");
    EXPECT_EQ(error_of("{{.Name)}}"), "template: :1: unexpected \")\" in command");
    EXPECT_EQ(error_of("{{break}}"), "template: :1: {{break}} outside {{range}}");
    EXPECT_EQ(error_of("{{if .X}}{{else}}{{else}}{{end}}"),
              "template: :1: expected end; found {{else}}");
    EXPECT_EQ(error_of("{{end foo}}"), R"(template: :1: unexpected "foo" in end)");
    EXPECT_EQ(error_of("{{3x}}"), R"(template: :1: bad number syntax: "3x")");
    EXPECT_EQ(error_of("{{.Name\n"), "template: :2: unclosed action started at :1");
    EXPECT_EQ(error_of("{{define \"x\"}}{{end}}"), "template: :1: {{define}} is not supported");
}

TEST(Template, ExecErrorsUseGoWording) {
    EXPECT_EQ(
        error_of("{{.State.Pid.X}}"),
        R"(template: :1:2: executing "" at <.State.Pid.X>: can't evaluate field X in type int)");
    EXPECT_EQ(
        error_of("{{.Nothing.X}}"),
        R"(template: :1:2: executing "" at <.Nothing.X>: nil pointer evaluating interface {}.X)");
    EXPECT_EQ(
        error_of("a\n  {{.Nothing.X}}"),
        R"(template: :2:4: executing "" at <.Nothing.X>: nil pointer evaluating interface {}.X)");
    EXPECT_EQ(error_of("{{len 3}}"),
              R"(template: :1:2: executing "" at <len 3>: error calling len: len of type int)");
    EXPECT_EQ(
        error_of("{{index .Names 5}}"),
        R"(template: :1:2: executing "" at <index .Names 5>: error calling index: index out of range: 5)");
    EXPECT_EQ(
        error_of("{{join .Names}}"),
        R"(template: :1:2: executing "" at <join>: wrong number of args for join: want 2 got 1)");
    EXPECT_EQ(
        error_of("{{upper .State.Pid}}"),
        R"(template: :1:8: executing "" at <.State.Pid>: wrong type for value; expected string; got int)");
    EXPECT_EQ(error_of("{{.Name 1}}"),
              R"(template: :1:2: executing "" at <.Name>: Name is not a method but has arguments)");
    EXPECT_EQ(error_of(R"({{"x" 1}})"),
              R"(template: :1:2: executing "" at <"x">: can't give argument to non-function "x")");
    EXPECT_EQ(error_of("{{nil}}"),
              R"(template: :1:2: executing "" at <nil>: nil is not a command)");
    EXPECT_EQ(
        error_of(R"({{eq "a" 1}})"),
        R"(template: :1:2: executing "" at <eq "a" 1>: error calling eq: incompatible types for comparison)");
    EXPECT_EQ(error_of("{{range .Name}}{{end}}"),
              R"(template: :1:8: executing "" at <.Name>: range can't iterate over /web)");
    EXPECT_EQ(
        error_of("{{lt .Nothing 1}}"),
        R"(template: :1:2: executing "" at <lt .Nothing 1>: error calling lt: invalid type for comparison)");
}

TEST(Template, FieldsListsTopLevelNames) {
    auto t = Template::parse(
        "{{.ID}}\t{{upper .Names}}{{range .Ports}}{{.X}}{{end}}{{(index .Labels \"a\").B}}");
    std::set<std::string> expected{"ID", "Names", "Ports", "X", "Labels"};
    EXPECT_EQ(t.fields(), expected);
}

// A listing builds only the fields its template reads; a template that uses the data
// whole (or through a variable, which may be $) reads all of them.
TEST(Template, FieldsReadAreNamedFieldsOrEverything) {
    std::set<std::string> named{"ID", "Names"};
    EXPECT_EQ(Template::parse("{{.ID}}\t{{upper .Names}}").fields_read(), named);
    EXPECT_EQ(Template::parse("{{json .}}").fields_read(), std::nullopt);
    EXPECT_EQ(Template::parse("{{.ID}} {{.}}").fields_read(), std::nullopt);
    EXPECT_EQ(Template::parse("{{range $k, $v := .}}{{$k}}{{end}}").fields_read(), std::nullopt);
    EXPECT_EQ(Template::parse("{{index . \"ID\"}}").fields_read(), std::nullopt);
}

// Malformed and hostile templates must produce a tug::Error or output, never a crash
// or a hang.
TEST(Template, MalformedInputNeverCrashes) {
    const std::vector<std::string> pieces = {"{{",
                                             "}}",
                                             "{{-",
                                             "-}}",
                                             " ",
                                             ".",
                                             ".Name",
                                             ".Names",
                                             "$",
                                             "$x",
                                             ":=",
                                             "=",
                                             "|",
                                             "(",
                                             ")",
                                             "\"",
                                             "\"s\"",
                                             "`",
                                             "'",
                                             "'a'",
                                             "if",
                                             "else",
                                             "end",
                                             "range",
                                             "with",
                                             "break",
                                             "continue",
                                             "define",
                                             "template",
                                             "block",
                                             "nil",
                                             "true",
                                             "1",
                                             "-1",
                                             "1.5e3",
                                             "0x",
                                             "len",
                                             "index",
                                             "printf",
                                             "\"%d%s%v%\"",
                                             "json",
                                             "foo",
                                             ",",
                                             "/*",
                                             "*/",
                                             "\n",
                                             "\\",
                                             "\xff",
                                             "é",
                                             "{{/*",
                                             "eq",
                                             "and",
                                             "or",
                                             "not",
                                             "slice",
                                             "truncate",
                                             "pad",
                                             "split",
                                             "join",
                                             "$.Names",
                                             "{{end}}",
                                             "{{range .Names}}",
                                             "{{if .Name}}",
                                             "{{else}}",
                                             "{{with .State}}",
                                             "{{range 2}}"};
    uint32_t seed = 12345;
    auto rnd = [&] {
        seed = seed * 1103515245u + 12345u;
        return (seed >> 16) & 0x7fff;
    };
    int parsed = 0, failed = 0;
    for (int iter = 0; iter < 20000; ++iter) {
        std::string text;
        int n = 1 + static_cast<int>(rnd() % 12);
        for (int i = 0; i < n; ++i)
            text += pieces[rnd() % pieces.size()];
        try {
            auto t = Template::parse(text);
            ++parsed;
            t.execute(container());
            t.execute(container(), true);
        } catch (const tug::Error&) {
            ++failed;
        }
    }
    EXPECT_GT(parsed, 100);
    EXPECT_GT(failed, 100);
    // deep nesting is refused rather than exhausting the stack
    EXPECT_EQ(error_of("{{" + std::string(100000, '(')),
              "template: :1: max expression depth exceeded");
    std::string nested;
    for (int i = 0; i < 5000; ++i)
        nested += "{{if 1}}";
    EXPECT_NE(error_of(nested), "");
    // unbounded work is cut off
    EXPECT_EQ(
        error_of("{{range 1000000000000}}{{end}}").find("exceeds limits") != std::string::npos,
        true);
}

}  // namespace
