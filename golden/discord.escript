#!/usr/bin/env escript
%% -*- erlang -*-
%%! -noshell
%%
%% Discord's documented gateway payloads as Discord's ETF gateway sends them:
%% reads every golden/discord/NAME.json (a whole envelope, as the JSON
%% gateway sends it) and writes `NAME HEX` lines, HEX being
%% term_to_binary(Term, [{minor_version, 2}]) of the term Discord's side
%% would build from the same payload. The bytes come from Erlang alone.
%%
%% Usage: escript golden/discord.escript DIR OUT.hex
%%
%% JSON to term (golden/README.md, "Discord's payloads"):
%%   - the envelope's keys (op, d, s, t) and the value of t are atoms;
%%     every other key is a binary;
%%   - a snowflake is an integer: a string of decimal digits under the key
%%     `id` or a key ending in `_id` (but not `custom_id`, which is the
%%     app's own text), and each such string in an array under a key ending
%%     in `_ids` or named `roles`, `mention_roles` or `not_found`;
%%   - any other string is a UTF-8 binary; null is nil; true and false are
%%     atoms; numbers are integers, or floats when written with `.` or `e`;
%%     arrays are lists, objects maps.
%%
%% OTP 25 has no json module, hence the small parser below (RFC 8259, no
%% extensions; it fails loudly on anything else).
main([Dir, Out]) ->
    Files = lists:sort(filelib:wildcard(filename:join(Dir, "*.json"))),
    case Files of
        [] -> fail("~s: no .json files~n", [Dir]);
        _ -> ok
    end,
    Lines = [line(F) || F <- Files],
    Header = io_lib:format("# generated from ~s/*.json by golden/discord.escript (OTP ~s); do not edit~n",
                           [filename:basename(Dir), erlang:system_info(otp_release)]),
    ok = file:write_file(Out, [Header | Lines]);
main(_) ->
    io:format(standard_error, "usage: discord.escript DIR OUT.hex~n", []),
    halt(2).

line(File) ->
    Name = filename:basename(File, ".json"),
    {ok, Text} = file:read_file(File),
    Json = case catch parse(Text) of
               {ok, J} -> J;
               Error -> fail("~s: not JSON: ~p~n", [File, Error])
           end,
    Term = envelope(File, Json),
    Bin = term_to_binary(Term, [{minor_version, 2}]),
    [Name, " ", [io_lib:format("~2.16.0b", [B]) || <<B>> <= Bin], "\n"].

%% The envelope: atom keys, t's value an atom.
envelope(File, Map) when is_map(Map) ->
    maps:from_list([envelope_entry(File, K, V) || {K, V} <- maps:to_list(Map)]);
envelope(File, _) ->
    fail("~s: the payload is not an object~n", [File]).

envelope_entry(_, <<"t">>, T) when is_binary(T) -> {t, binary_to_atom(T, utf8)};
envelope_entry(_, K, V) when K =:= <<"op">>; K =:= <<"d">>; K =:= <<"s">>; K =:= <<"t">> ->
    {binary_to_atom(K, utf8), value(K, V)};
envelope_entry(File, K, _) ->
    fail("~s: unexpected envelope key ~s~n", [File, K]).

%% A value under key K (`none` for an array's element).
value(K, V) when is_binary(V) ->
    case snowflake_key(K) andalso digits(V) of
        true -> binary_to_integer(V);
        false -> V
    end;
value(K, V) when is_list(V) ->
    case snowflake_list_key(K) andalso lists:all(fun(E) -> is_binary(E) andalso digits(E) end, V) of
        true -> [binary_to_integer(E) || E <- V];
        false -> [value(none, E) || E <- V]
    end;
value(_, V) when is_map(V) ->
    maps:from_list([{Key, value(Key, Val)} || {Key, Val} <- maps:to_list(V)]);
value(_, null) -> nil;
value(_, V) -> V.

snowflake_key(<<"id">>) -> true;
snowflake_key(<<"custom_id">>) -> false;
snowflake_key(K) when is_binary(K) -> suffix(K, <<"_id">>);
snowflake_key(_) -> false.

snowflake_list_key(<<"roles">>) -> true;
snowflake_list_key(<<"mention_roles">>) -> true;
snowflake_list_key(<<"not_found">>) -> true;
snowflake_list_key(K) when is_binary(K) -> suffix(K, <<"_ids">>);
snowflake_list_key(_) -> false.

suffix(K, S) ->
    byte_size(K) > byte_size(S) andalso
        binary:part(K, byte_size(K) - byte_size(S), byte_size(S)) =:= S.

digits(<<>>) -> false;
digits(B) -> lists:all(fun(C) -> C >= $0 andalso C =< $9 end, binary_to_list(B)).

%% --- JSON ---------------------------------------------------------------
%% Objects are maps with binary keys (a duplicate key is an error), arrays
%% lists, strings UTF-8 binaries, null/true/false the atoms of those names.

parse(Text) ->
    {V, Rest} = json(ws(Text)),
    case ws(Rest) of
        <<>> -> {ok, V};
        Trailing -> throw({trailing, Trailing})
    end.

ws(<<C, R/binary>>) when C =:= $\s; C =:= $\t; C =:= $\n; C =:= $\r -> ws(R);
ws(B) -> B.

json(<<${, R/binary>>) -> object(ws(R), #{});
json(<<$[, R/binary>>) -> array(ws(R), []);
json(<<$", R/binary>>) -> string(R, []);
json(<<"true", R/binary>>) -> {true, R};
json(<<"false", R/binary>>) -> {false, R};
json(<<"null", R/binary>>) -> {null, R};
json(<<C, _/binary>> = B) when C =:= $-; C >= $0, C =< $9 -> number(B);
json(B) -> throw({unexpected, B}).

object(<<$}, R/binary>>, Acc) when map_size(Acc) =:= 0 -> {Acc, R};
object(<<$", R0/binary>>, Acc) ->
    {K, R1} = string(R0, []),
    <<$:, R2/binary>> = ws(R1),
    {V, R3} = json(ws(R2)),
    maps:is_key(K, Acc) andalso throw({duplicate_key, K}),
    Acc1 = Acc#{K => V},
    case ws(R3) of
        <<$,, R4/binary>> -> object(ws(R4), Acc1);
        <<$}, R4/binary>> -> {Acc1, R4};
        B -> throw({unexpected, B})
    end;
object(B, _) -> throw({unexpected, B}).

array(<<$], R/binary>>, []) -> {[], R};
array(B, Acc) ->
    {V, R1} = json(B),
    case ws(R1) of
        <<$,, R2/binary>> -> array(ws(R2), [V | Acc]);
        <<$], R2/binary>> -> {lists:reverse([V | Acc]), R2};
        B2 -> throw({unexpected, B2})
    end.

%% Acc: iodata, reversed.
string(<<$", R/binary>>, Acc) -> {iolist_to_binary(lists:reverse(Acc)), R};
string(<<$\\, $u, H:4/binary, $\\, $u, L:4/binary, R/binary>>, Acc)
  when H >= <<"D800">>, H =< <<"DBFF">>; H >= <<"d800">>, H =< <<"dbff">> ->
    Hi = binary_to_integer(H, 16) - 16#D800,
    Lo = binary_to_integer(L, 16) - 16#DC00,
    string(R, [<<(16#10000 + (Hi bsl 10) + Lo)/utf8>> | Acc]);
string(<<$\\, $u, H:4/binary, R/binary>>, Acc) ->
    string(R, [<<(binary_to_integer(H, 16))/utf8>> | Acc]);
string(<<$\\, C, R/binary>>, Acc) ->
    E = case C of
            $" -> $"; $\\ -> $\\; $/ -> $/; $b -> $\b;
            $f -> $\f; $n -> $\n; $r -> $\r; $t -> $\t;
            _ -> throw({bad_escape, C})
        end,
    string(R, [E | Acc]);
string(<<C, _/binary>>, _) when C < 16#20 -> throw({control_character, C});
string(<<C, R/binary>>, Acc) -> string(R, [C | Acc]);
string(<<>>, _) -> throw(unterminated_string).

number(B) ->
    {Text, R} = lists:splitwith(fun(C) -> lists:member(C, "+-0123456789.eE") end, binary_to_list(B)),
    Rest = list_to_binary(R),
    case lists:any(fun(C) -> lists:member(C, ".eE") end, Text) of
        false -> {list_to_integer(Text), Rest};
        true -> {json_float(Text), Rest}
    end.

%% "1e5" and "1E5" are JSON floats but not Erlang's: add the ".0".
json_float(Text) ->
    case string:split(string:lowercase(Text), "e") of
        [M, E] -> list_to_float(point(M) ++ "e" ++ E);
        [M] -> list_to_float(M)
    end.

point(M) ->
    case lists:member($., M) of
        true -> M;
        false -> M ++ ".0"
    end.

fail(Format, Args) ->
    io:format(standard_error, Format, Args),
    halt(1).
