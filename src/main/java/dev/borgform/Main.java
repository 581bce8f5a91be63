package dev.borgform;
public final class Main { public static void main(String[] a) throws Exception {
  okhttp3.OkHttpClient c = new okhttp3.OkHttpClient(); System.out.println(c.connectTimeoutMillis());
  System.out.println(graphql.GraphQL.class); } }
