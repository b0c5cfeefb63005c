package com.example.noservice;

/** A jar with classes but no META-INF/services entry. */
public final class Lonely {
}
