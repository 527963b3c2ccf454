/** A library user's module: it names rational4j and nothing else. */
module org.rational4j.consumer {
    requires org.rational4j;
}
