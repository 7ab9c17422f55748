#!/usr/bin/env escript
%% -*- erlang -*-
%%! -noshell
%%
%% The oracle for the crate's term printer (`Display` for decoded terms,
%% src/decode/display.rs), which promises text that Erlang reads back.
%% Driven by golden/printer.sh; nothing it writes is committed, so it
%% cannot go stale.
%%
%% Usage:
%%
%%   escript golden/printer.escript gen OUT
%%       Writes `NAME HEX` lines: a fixed list of edge cases, then random
%%       terms from a fixed seed, each as term_to_binary(T) (the release's
%%       default), term_to_binary(T, [{minor_version, 2}]) and
%%       term_to_binary(T, [{minor_version, 0}]) (FLOAT_EXT text floats,
%%       Latin-1 atoms as ATOM_EXT); plus a few hand-written frames for
%%       encodings term_to_binary never produces but binary_to_term
%%       accepts (SMALL_ATOM_EXT, a list whose tail is a list, bignums
%%       with high zero bytes...).
%%
%%   escript golden/printer.escript check IN PRINTED
%%       IN is what gen wrote; PRINTED has one line per IN line, as
%%       examples/print_terms.rs writes it: `NAME ok COMPACT PRETTY`, both
%%       printouts hex-encoded UTF-8, or `NAME err MESSAGE`. Every printout
%%       must scan (erl_scan:string), parse to one expression
%%       (erl_parse:parse_exprs) and evaluate (erl_eval:exprs) to a term
%%       equal to binary_to_term of the frame: =:=, and floats bit for bit
%%       (so -0.0 is not 0.0 even before OTP 27). The compact form must
%%       be one line. Prints the first failures and exits 1 on any.
-mode(compile).

-define(SEED, {exsss, [20261202, 14, 1]}).
-define(RANDOM_TERMS, 3000).
-define(MAX_DEPTH, 4).
-define(SHOW, 5).  % failures shown; PRINTER_SHOW=N shows N

main(["gen", Out]) ->
    rand:seed(element(1, ?SEED), list_to_tuple(element(2, ?SEED))),
    Fixed = [{"f" ++ integer_to_list(I), T} || {I, T} <- enumerate(fixed())],
    Random = [{"r" ++ integer_to_list(I), term(?MAX_DEPTH)} || I <- lists:seq(1, ?RANDOM_TERMS)],
    Encoded = [[line(Name ++ "/" ++ Enc, term_to_binary(T, Opts)) || {Enc, Opts} <- encodings()]
               || {Name, T} <- Fixed ++ Random],
    %% binary_to_term must read every hand-written frame.
    Raw = [line("raw" ++ integer_to_list(I), B) || {I, B} <- enumerate(raw()), _ <- [binary_to_term(B)]],
    ok = file:write_file(Out, [Encoded, Raw]);
main(["check", In, Printed]) ->
    [ok = io:setopts(D, [{encoding, unicode}]) || D <- [standard_io, standard_error]],
    Show = list_to_integer(os:getenv("PRINTER_SHOW", integer_to_list(?SHOW))),
    Frames = [split(L) || L <- lines(In)],
    Outputs = [split(L) || L <- lines(Printed)],
    Failures = check(Frames, Outputs),
    N = length(Frames),
    case Failures of
        [] ->
            io:format("printer: ~b frames, ~b printouts, all read back by Erlang (OTP ~s)~n",
                      [N, 2 * N, erlang:system_info(otp_release)]);
        _ ->
            io:format(standard_error, "printer: ~b of ~b frames printed as text Erlang does not read back "
                      "(OTP ~s); the first ~b:~n",
                      [length(Failures), N, erlang:system_info(otp_release), min(Show, length(Failures))]),
            [io:format(standard_error, "~ts~n", [F]) || F <- lists:sublist(Failures, Show)],
            halt(1)
    end;
main(_) ->
    io:format(standard_error, "usage: printer.escript gen OUT | check IN PRINTED~n", []),
    halt(2).

encodings() ->
    [{"default", []}, {"v2", [{minor_version, 2}]}, {"v0", [{minor_version, 0}]}].

enumerate(L) -> lists:zip(lists:seq(1, length(L)), L).

line(Name, Bin) -> [Name, " ", binary:encode_hex(Bin), "\n"].

lines(File) ->
    {ok, Bin} = file:read_file(File),
    [L || L <- binary:split(Bin, <<"\n">>, [global]), L =/= <<>>].

split(Line) -> binary:split(Line, <<" ">>, [global]).

%%% Checking

check([], []) -> [];
check([[Name, Hex] | Fs], [[Name, <<"ok">>, Compact, Pretty] | Os]) ->
    Term = binary_to_term(binary:decode_hex(Hex)),
    Problems = [P || {Form, Text} <- [{compact, binary:decode_hex(Compact)}, {pretty, binary:decode_hex(Pretty)}],
                     P <- [read_back(Form, Text, Term)], P =/= ok],
    case Problems of
        [] -> check(Fs, Os);
        _ -> [report(Name, Hex, Term, Problems) | check(Fs, Os)]
    end;
check([[Name, Hex] | Fs], [[Name, <<"err">> | Msg] | Os]) ->
    P = io_lib:format("  the crate does not decode it: ~ts", [lists:join(" ", Msg)]),
    [report(Name, Hex, binary_to_term(binary:decode_hex(Hex)), [P]) | check(Fs, Os)];
check([[Name | _] | _], [Other | _]) ->
    fail("printer: out of step at ~ts: printed ~p~n", [Name, Other]);
check([[Name | _] | _], []) ->
    fail("printer: no printout for ~ts and after~n", [Name]);
check([], [Other | _]) ->
    fail("printer: printout for no frame: ~p~n", [Other]).

report(Name, Hex, Term, Problems) ->
    io_lib:format("~ts: frame ~ts~n  binary_to_term: ~w~n~ts", [Name, Hex, Term, lists:join("\n", Problems)]).

read_back(Form, Text, Term) ->
    Shown = io_lib:format("  ~s: ~ts~n", [Form, Text]),
    Lines = binary:split(Text, <<"\n">>, [global]),
    case unicode:characters_to_list(Text) of
        Chars when is_list(Chars), Form =:= compact, length(Lines) > 1 ->
            [Shown, "    more than one line"];
        Chars when is_list(Chars) ->
            case read(Chars) of
                {ok, Value} ->
                    case Value =:= Term andalso same(Value, Term) of
                        true -> ok;
                        false -> [Shown, io_lib:format("    reads back as ~w", [Value])]
                    end;
                {error, Why} ->
                    [Shown, io_lib:format("    ~ts", [Why])]
            end;
        _ ->
            [Shown, "    not UTF-8"]
    end.

read(Chars) ->
    case erl_scan:string(Chars ++ ".") of
        {ok, Tokens, _} ->
            case erl_parse:parse_exprs(Tokens) of
                {ok, [Expr]} ->
                    try erl_eval:exprs([Expr], erl_eval:new_bindings()) of
                        {value, Value, _} -> {ok, Value}
                    catch
                        C:R -> {error, io_lib:format("erl_eval: ~p:~p", [C, R])}
                    end;
                {ok, Exprs} ->
                    {error, io_lib:format("erl_parse: ~b expressions, not one", [length(Exprs)])};
                {error, {_, M, E}} ->
                    {error, io_lib:format("erl_parse: ~ts", [M:format_error(E)])}
            end;
        {error, {Loc, M, E}, _} ->
            {error, io_lib:format("erl_scan at ~w: ~ts", [Loc, M:format_error(E)])}
    end.

%% =:= and more: floats bit for bit, so -0.0 differs from 0.0 on any OTP.
same(A, B) when is_float(A), is_float(B) -> <<A/float>> =:= <<B/float>>;
same([A | As], [B | Bs]) -> same(A, B) andalso same(As, Bs);
same(A, B) when is_tuple(A), is_tuple(B), tuple_size(A) =:= tuple_size(B) ->
    same(tuple_to_list(A), tuple_to_list(B));
same(A, B) when is_map(A), is_map(B), map_size(A) =:= map_size(B) ->
    same(lists:sort(maps:to_list(A)), lists:sort(maps:to_list(B)));
same(A, B) -> A =:= B.

fail(Format, Args) ->
    io:format(standard_error, Format, Args),
    halt(2).

%%% Fixed cases

fixed() ->
    Nonchars = [16#FFFE, 16#FFFF],
    [%% Binaries: the issue's frame, and the characters Erlang refuses in a string.
     <<239, 191, 191>>, <<"a", 239, 191, 190, "b">>, <<"é"/utf8, 239, 191, 191>>,
     unicode:characters_to_binary([16#FDD0, 16#FFFD, 16#1FFFF, 16#10FFFF, 16#FEFF, 16#2028, 16#E000, 16#D7FF]),
     <<>>, <<"\"">>, <<"\\">>, <<"'">>, <<"\n\r\t">>, <<0>>, <<127>>, <<"a", 0, "b">>, <<"é">>,
     <<"é"/utf8>>, <<194, 128>>, <<194, 133>>, <<"\e">>, <<255, 254>>, <<"%">>, <<"~p">>, <<"$">>,
     %% Atoms: quoting, reserved words, escapes, Latin-1, noncharacters, 255 characters.
     list_to_atom(""), 'A', '_', 'a b', 'it\'s', '\\', '"', 'a@b', a_B9, '9a', '%', 'ok.',
     'after', 'and', 'andalso', 'band', 'begin', 'bnot', 'bor', 'bsl', 'bsr', 'bxor', 'case', 'catch',
     'cond', 'div', 'else', 'end', 'fun', 'if', 'let', 'maybe', 'not', 'of', 'or', 'orelse', 'receive',
     'rem', 'try', 'when', 'xor', true, false, nil, undefined,
     list_to_atom(lists:seq(0, 31)), list_to_atom(lists:seq(127, 160)), list_to_atom(lists:seq(161, 255)),
     list_to_atom([$é]), list_to_atom([$ß]), list_to_atom([$ÿ]), list_to_atom([$Ω]), list_to_atom([16#1F389]),
     list_to_atom([16#FFFF]), list_to_atom("a" ++ [16#FFFE] ++ "b"), list_to_atom(Nonchars ++ "'\\\n"),
     list_to_atom(lists:duplicate(255, $é)), list_to_atom(lists:duplicate(255, 16#1F389)),
     list_to_atom(lists:duplicate(255, 16#FFFF)), list_to_atom(lists:duplicate(255, 0)),
     list_to_atom(lists:duplicate(255, $')), list_to_atom(lists:duplicate(255, 16#85)),
     %% Integers at every width and encoding boundary.
     0, 255, 256, -1, -256, 134217727, -134217728, 2147483647, -2147483648, 2147483648, -2147483649,
     9223372036854775807, -9223372036854775808, 18446744073709551615, -18446744073709551615,
     18446744073709551616, -18446744073709551616, 1 bsl 2040, (1 bsl 2040) - 1, 1 bsl 2048, -(1 bsl 2100),
     %% Floats: signed zero, subnormals, extremes, exponent boundaries of the shortest form.
     0.0, -0.0, 5.0e-324, -5.0e-324, 2.225073858507201e-308, 2.2250738585072014e-308,
     1.7976931348623157e308, -1.7976931348623157e308, 1.0e16, 1.0e15, 9007199254740993.0, 1.0e-5, 1.0e-4,
     0.1, -0.1, 1.5, 1.0e300, 1.0e-300, 123456789012345680.0, 1.0e22, 1.0e23,
     %% Containers: empty, improper, byte lists, big tuples and maps, non-binary keys.
     [], {}, #{}, [[]], {{}}, #{#{} => #{}}, [1 | 2], [a | <<"b">>], [1, 2 | {}], [[] | #{}],
     [1 | -0.0], [<<>> | <<>>], "abc", [0, 255], lists:seq(0, 255), lists:seq(0, 300), [256],
     [$a, 16#FFFF], list_to_tuple(lists:seq(1, 300)), maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
     #{[] => 1, {} => 2, 1.0 => 3, 1 => 4, -0.0 => 5, "s" => 6, #{a => 1} => 7, [1 | 2] => 8,
       <<239, 191, 191>> => 9, list_to_atom([16#FFFF]) => 10, 16#10000000000000000 => 11},
     #{a => #{b => #{c => [#{}]}}},
     nest(60, list), nest(60, tuple), nest(60, map)].

nest(0, _) -> [];
nest(N, list) -> [nest(N - 1, list)];
nest(N, tuple) -> {nest(N - 1, tuple)};
nest(N, map) -> #{k => nest(N - 1, map)}.

%% Frames term_to_binary does not write but binary_to_term reads.
raw() ->
    [<<131, 109, 0, 0, 0, 3, 239, 191, 191>>,                    % the issue's frame
     <<131, 118, 0, 3, 239, 191, 191>>,                          % ATOM_UTF8_EXT '\x{FFFF}'
     <<131, 115, 2, $a, 255>>,                                   % SMALL_ATOM_EXT, Latin-1
     <<131, 100, 0, 2, 0, 133>>,                                 % ATOM_EXT, controls
     <<131, 108, 0, 0, 0, 1, 97, 1, 108, 0, 0, 0, 1, 97, 2, 106>>,  % tail is a list
     <<131, 108, 0, 0, 0, 1, 97, 1, 107, 0, 2, 2, 3>>,          % tail is a byte list
     <<131, 108, 0, 0, 0, 0, 97, 1>>,                            % no elements, tail 1
     <<131, 110, 9, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0>>,              % bignum with zero high bytes
     <<131, 110, 1, 1, 0>>,                                      % negative zero bignum
     <<131, 111, 0, 0, 0, 1, 0, 5>>,                             % LARGE_BIG_EXT, small value
     <<131, 98, 0, 0, 0, 5>>,                                    % INTEGER_EXT, small value
     <<131, 105, 0, 0, 0, 1, 97, 1>>,                            % LARGE_TUPLE_EXT, arity 1
     <<131, 107, 0, 0>>,                                         % STRING_EXT, empty
     old_float("1.5"), old_float("-0.0"), old_float("4.9e-324"), old_float("1.0e300"),
     <<131, 116, 0, 0, 0, 2, 100, 0, 1, $b, 97, 1, 100, 0, 1, $a, 97, 2>>].  % keys out of order

old_float(Text) ->
    list_to_binary([131, 99, Text, lists:duplicate(31 - length(Text), 0)]).

%%% Random terms

pick(L) -> lists:nth(rand:uniform(length(L)), L).

term(0) -> scalar();
term(D) ->
    case rand:uniform(12) of
        N when N =< 6 -> scalar();
        7 -> [term(D - 1) || _ <- upto(5)];
        8 -> improper(D);
        9 -> list_to_tuple([term(D - 1) || _ <- upto(5)]);
        10 -> maps:from_list([{key(D), term(D - 1)} || _ <- upto(5)]);
        11 -> [rand:uniform(256) - 1 || _ <- upto(20)];
        12 -> maps:from_list([{term(D - 1), term(D - 1)} || _ <- upto(4)])
    end.

upto(N) -> lists:seq(1, rand:uniform(N + 1) - 1).

improper(D) ->
    Tail = pick([scalar(), list_to_tuple([term(D - 1) || _ <- upto(3)]), #{}, <<>>]),
    lists:foldl(fun(E, Acc) -> [E | Acc] end, Tail, [term(D - 1) || _ <- lists:seq(1, rand:uniform(3))]).

key(D) ->
    case rand:uniform(5) of
        1 -> term(D - 1);
        2 -> binary();
        3 -> atom();
        _ -> pick([binary_to_atom(B) || B <- [<<"op">>, <<"d">>, <<"s">>, <<"t">>, <<"id">>]] ++
                  [<<"op">>, <<"d">>, <<"guild_id">>, <<"user">>])
    end.

scalar() ->
    case rand:uniform(5) of
        1 -> integer();
        2 -> float();
        3 -> atom();
        4 -> binary();
        5 -> pick([[], {}, #{}, <<>>, nil, true, false])
    end.

integer() ->
    case rand:uniform(6) of
        1 -> rand:uniform(256) - 1;
        2 -> rand:uniform(1 bsl 32) - (1 bsl 31) - 1;
        3 -> rand:uniform(1 bsl 64) - (1 bsl 63) - 1;
        4 -> sign() * (rand:uniform(1 bsl 64) - 1);
        5 -> sign() * pick([1 bsl 27, 1 bsl 31, 1 bsl 32, 1 bsl 63, 1 bsl 64, 1 bsl 64 - 1]) + rand:uniform(3) - 2;
        6 -> sign() * bytes_int(rand:uniform(pick([16, 40, 300])))
    end.

sign() -> pick([1, -1]).

bytes_int(N) -> binary:decode_unsigned(rand:bytes(N)).

float() ->
    case rand:uniform(6) of
        1 -> pick([0.0, -0.0, 5.0e-324, -5.0e-324, 1.7976931348623157e308, 2.2250738585072014e-308]);
        2 -> bits(rand:uniform(2) - 1, 0, rand:uniform(1 bsl 52) - 1);  % subnormal (or zero)
        3 -> bits(rand:uniform(2) - 1, rand:uniform(2046), rand:uniform(1 bsl 52) - 1);
        4 -> bits(rand:uniform(2) - 1, 1023 + rand:uniform(120) - 60, rand:uniform(1 bsl 52) - 1);
        5 -> sign() * float(rand:uniform(1 bsl 60)) * pick([1.0, 0.1, 1.0e-10, 1.0e10]);
        6 -> sign() * rand:uniform(1000) / pick([1, 10, 100, 1000])
    end.

bits(Sign, Exp, Mantissa) ->
    <<F/float>> = <<Sign:1, Exp:11, Mantissa:52>>,
    F.

%% Characters that test quoting and escaping; no surrogates (not characters).
char() ->
    case rand:uniform(8) of
        1 -> rand:uniform(95) + 31;            % printable ASCII
        2 -> pick([$', $", $\\, $\n, $\r, $\t, $\s, $%, $., $@, $_, $$, $~]);
        3 -> rand:uniform(32) - 1;              % C0 controls
        4 -> rand:uniform(96) + 126;            % DEL, C1 controls, Latin-1
        5 -> rand:uniform(256) - 1;
        6 -> pick([16#FFFE, 16#FFFF]);
        7 -> pick([16#FDD0, 16#FFFD, 16#FEFF, 16#2028, 16#D7FF, 16#E000, 16#1F389, 16#1FFFF, 16#10FFFF, 16#100]);
        8 -> rand:uniform(26) + $a - 1
    end.

chars(N) -> [char() || _ <- lists:seq(1, N)].

atom() ->
    case rand:uniform(6) of
        1 -> list_to_atom([rand:uniform(26) + $a - 1 | [pick(lists:seq($a, $z) ++ "_@09AZ") || _ <- upto(8)]]);
        2 -> pick(['after', 'begin', 'end', 'maybe', 'else', 'Ok', '_x', '', 'nil', 'a b']);
        3 -> list_to_atom([rand:uniform(256) - 1 || _ <- upto(10)]);   % Latin-1 (ATOM_EXT in v0 and v1)
        4 -> list_to_atom(chars(rand:uniform(10)));
        5 -> list_to_atom(chars(255));
        6 -> list_to_atom([16#FFFF | chars(rand:uniform(4))])
    end.

binary() ->
    case rand:uniform(6) of
        1 -> list_to_binary([rand:uniform(95) + 31 || _ <- upto(16)]);
        2 -> unicode:characters_to_binary(chars(rand:uniform(12)));
        3 -> rand:bytes(rand:uniform(12));      % mostly invalid UTF-8
        4 -> unicode:characters_to_binary([pick([$a, $", $\\, $\n, 16#FFFE, 16#FFFF, $é]) || _ <- upto(6)]);
        5 -> <<(list_to_binary([rand:uniform(95) + 31 || _ <- upto(6)]))/binary, (rand:uniform(256) - 1)>>;
        6 -> <<>>
    end.
